using System.Text.Json.Nodes;
using Smo.Simulator.Scenarios;

namespace Smo.Simulator.Federation;

/// <summary>A member cluster's live state: health, what is reserved on it, and its energy account.</summary>
public sealed class ClusterRuntime(ClusterSpec spec, TimeSpan now)
{
    public ClusterSpec Spec { get; } = spec;

    public string Name => Spec.Name;

    /// <summary>The labels of its Cluster object, for the scheduler's selectors (read-only: shared by every match).</summary>
    public JsonObject Labels => _labels ??= ClusterReporter.Labels(Spec);

    private JsonObject? _labels;

    /// <summary>Null while healthy; otherwise the Karmada reason (ClusterNotReady, ClusterNotReachable).</summary>
    public string? NotReadyReason { get; set; }

    public bool Ready => NotReadyReason is null;

    public TimeSpan ReadySince { get; set; } = now;

    /// <summary>Requests of the pods scheduled here.</summary>
    public ResourceTally Allocated { get; set; }

    /// <summary>Requests of the pods bound here that do not fit (or wait for the cluster to be Ready).</summary>
    public ResourceTally Pending { get; set; }

    public double BusyCores { get; set; }

    public double Utilisation => Math.Min(1, BusyCores / (double)Spec.CpuCores);

    public double PowerWatts { get; set; }

    public double EnergyJoules { get; set; }

    public double CarbonGrams { get; set; }

    public double CarbonIntensity { get; set; }

    /// <summary>What the cluster's Karmada object was last written from; while it holds, it would come out the same.</summary>
    public ReportBasis? Reported { get; set; }

    public bool Fits(PodResources pod)
    {
        var after = Allocated.Plus(pod);
        return after.Cpu <= Spec.CpuCores && after.Memory <= Spec.MemoryBytes && after.Gpus <= Spec.Gpus && after.Pods <= Spec.MaxPods;
    }
}

/// <summary>The inputs of a cluster's Karmada object besides its spec: the stored object's version, health and tallies.</summary>
public sealed record ReportBasis(string? Version, string? NotReadyReason, TimeSpan ReadySince, ResourceTally Allocated, ResourceTally Pending);
