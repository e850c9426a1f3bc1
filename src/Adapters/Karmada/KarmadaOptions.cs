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

    public ResilienceOptions Resilience { get; set; } = new();
}
