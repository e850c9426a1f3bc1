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

    /// <summary>
    /// How long the server is asked to keep one watch of the clusters open: a random time between this and twice this,
    /// as client-go's reflectors ask (its minimum watch timeout is 5 min), after which the watch resumes where it stopped.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The first wait before watching (or listing) again after a failure; each failure in a row doubles it, up to 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan WatchRetryDelay { get; set; } = TimeSpan.FromMilliseconds(800);

    public ResilienceOptions Resilience { get; set; } = new();
}
