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

    /// <summary>Null while healthy; otherwise the Karmada reason (ClusterNotReady, ClusterNotReachable, ClusterStatusUnknown).</summary>
    public string? NotReadyReason { get; set; }

    public bool Ready => NotReadyReason is null;

    /// <summary>The Ready condition's status: True, False, or Unknown once Karmada stopped hearing from the cluster.</summary>
    public string ReadyStatus => NotReadyReason switch
    {
        null => "True",
        Faults.FaultSpec.StatusUnknown => "Unknown",
        _ => "False",
    };

    /// <summary>When <see cref="ReadyStatus"/> last changed: the Ready condition's lastTransitionTime.</summary>
    public TimeSpan ReadySince { get; set; } = now;

    /// <summary>The taints clusterTaint faults put on it now, oldest first.</summary>
    public IReadOnlyList<ClusterTaint> FaultTaints { get; set; } = [];

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

/// <summary>The inputs of a cluster's Karmada object besides its spec: the stored object's version, health, taints and tallies.</summary>
/// <param name="Taints">The taints it carries, as one string (a record compares lists by reference).</param>
public sealed record ReportBasis(string? Version, string? NotReadyReason, TimeSpan ReadySince, string Taints, ResourceTally Allocated, ResourceTally Pending);
