namespace Smo.Simulator.Federation;

/// <summary>What the federation runs for one Deployment: where, how many pods, and how they are doing.</summary>
public sealed class DeploymentRuntime(string ns, string name, long order)
{
    public string Namespace { get; } = ns;

    public string Name { get; } = name;

    /// <summary>Creation order, so pending pods are scheduled first come first served.</summary>
    public long Order { get; } = order;

    public string? Cluster { get; set; }

    public PodResources Resources { get; set; } = new(0, 0, 0, 0);

    public int DesiredReplicas { get; set; }

    public List<SimulatedPod> Pods { get; } = [];

    public int ReadyReplicas { get; set; }

    /// <summary>The resourceVersion of the Deployment object this runtime last took its cluster, resources and replicas from.</summary>
    public string? SyncedVersion { get; set; }

    /// <summary>What the status last written was computed from; while it holds, the status would come out the same.</summary>
    public StatusBasis? WrittenStatus { get; set; }
}

/// <summary>
/// The inputs of a Deployment's status besides the clock: the object (its resourceVersion covers spec, generation
/// and the previous conditions) and the replica counts.
/// </summary>
public sealed record StatusBasis(string? Version, int Desired, int Existing, int Ready);
