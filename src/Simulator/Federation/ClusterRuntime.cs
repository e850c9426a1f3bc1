using Smo.Simulator.Scenarios;

namespace Smo.Simulator.Federation;

/// <summary>A member cluster's live state: health, what is reserved on it, and its energy account.</summary>
public sealed class ClusterRuntime(ClusterSpec spec, TimeSpan now)
{
    public ClusterSpec Spec { get; } = spec;

    public string Name => Spec.Name;

    /// <summary>Null while healthy; otherwise the Karmada reason (ClusterNotReady, ClusterNotReachable).</summary>
    public string? NotReadyReason { get; set; }

    public bool Ready => NotReadyReason is null;

    public TimeSpan ReadySince { get; set; } = now;

    public decimal AllocatedCpu { get; set; }

    public decimal AllocatedMemory { get; set; }

    public int AllocatedGpus { get; set; }

    public int AllocatedPods { get; set; }

    public decimal PendingCpu { get; set; }

    public decimal PendingMemory { get; set; }

    public int PendingGpus { get; set; }

    public int PendingPods { get; set; }

    public double BusyCores { get; set; }

    public double Utilisation => Math.Min(1, BusyCores / (double)Spec.CpuCores);

    public double PowerWatts { get; set; }

    public double EnergyJoules { get; set; }

    public double CarbonGrams { get; set; }

    public double CarbonIntensity { get; set; }

    public bool Fits(PodResources pod) =>
        AllocatedCpu + pod.CpuRequest <= Spec.CpuCores
        && AllocatedMemory + pod.MemoryRequest <= Spec.MemoryBytes
        && AllocatedGpus + pod.Gpus <= Spec.Gpus
        && AllocatedPods + 1 <= Spec.MaxPods;
}
