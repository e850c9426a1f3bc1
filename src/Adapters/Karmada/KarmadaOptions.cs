using System.ComponentModel.DataAnnotations;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Karmada;

/// <summary>The Karmada API server and how its clusters are read (section <c>Smo:Karmada</c>).</summary>
public sealed class KarmadaOptions : KubernetesConnectionOptions
{
    public const string Section = "Smo:Karmada";

    public string RegionLabel { get; set; } = "topology.kubernetes.io/region";

    public string ZoneLabel { get; set; } = "topology.kubernetes.io/zone";

    /// <summary>Extended resource whose allocatable count makes a cluster GPU-capable.</summary>
    public string GpuResource { get; set; } = "nvidia.com/gpu";

    /// <summary>Optional cluster label that marks a GPU-capable cluster when its value is <c>true</c>.</summary>
    public string? GpuLabel { get; set; }

    /// <summary>
    /// The <c>priority</c> of the PropagationPolicies that divide a service's replicas (<c>smo-&lt;service&gt;</c>): above
    /// the charts' own policies (priority 0 unless a chart sets one), which they must preempt.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int DivisionPolicyPriority { get; set; } = 100;

    /// <summary>How many times a policy write that lost a race (409 Conflict) is re-read and re-applied.</summary>
    [Range(0, 50)]
    public int ConflictRetries { get; set; } = 5;

    public ResilienceOptions Resilience { get; set; } = new();
}
