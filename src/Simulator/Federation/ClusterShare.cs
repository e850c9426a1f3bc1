namespace Smo.Simulator.Federation;

/// <summary>
/// The part of a Deployment one member cluster runs (Karmada's Work there): the replicas scheduled to it, their pods,
/// and how many are ready.
/// </summary>
public sealed class ClusterShare(string cluster)
{
    public string Cluster { get; } = cluster;

    /// <summary>The replicas the binding gives this cluster (<c>spec.clusters[].replicas</c>).</summary>
    public int Replicas { get; set; }

    public List<SimulatedPod> Pods { get; } = [];

    public int ReadyReplicas { get; set; }

    /// <summary>The member Deployment's metadata.generation: moves when its replicas or pod template change.</summary>
    public long Generation { get; set; } = 1;
}
