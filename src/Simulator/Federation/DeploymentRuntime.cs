namespace Smo.Simulator.Federation;

/// <summary>What the federation runs for one Deployment: who placed it, where its replicas go, and how its pods are doing.</summary>
public sealed class DeploymentRuntime(string ns, string name, long order)
{
    public string Namespace { get; } = ns;

    public string Name { get; } = name;

    /// <summary>Creation order, so pending pods are scheduled first come first served.</summary>
    public long Order { get; } = order;

    public PodResources Resources { get; set; } = new(0, 0, 0, 0);

    /// <summary>The Deployment's <c>spec.replicas</c>: what its shares add up to once it is scheduled.</summary>
    public int DesiredReplicas { get; set; }

    /// <summary>One per member cluster the binding schedules replicas to, by cluster name.</summary>
    public List<ClusterShare> Shares { get; } = [];

    public int ReadyReplicas { get; set; }

    /// <summary>The policy (or the chart's placement annotation) that claims the Deployment; null when none does.</summary>
    public PlacementClaim? Claim { get; set; }

    /// <summary>What the last successful scheduling was computed from (claim, placement, replicas); null before the first.</summary>
    public string? ScheduledFrom { get; set; }

    /// <summary>The scheduler's last verdict (the binding's Scheduled condition); null until something claims the Deployment.</summary>
    public SchedulingResult? Scheduling { get; set; }

    /// <summary>When the scheduler last changed where the replicas go (the binding's <c>status.lastScheduledTime</c>).</summary>
    public DateTimeOffset? LastScheduledAt { get; set; }

    /// <summary>The uid and resourceVersion of the Deployment as its clients last wrote it (status writes aside).</summary>
    public string? Uid { get; set; }

    public string? TemplateVersion { get; set; }

    public long TemplateGeneration { get; set; } = 1;

    /// <summary>The resourceVersion of the Deployment object this runtime last took its cluster, resources and replicas from.</summary>
    public string? SyncedVersion { get; set; }

    /// <summary>What the status last written was computed from; while it holds, the status would come out the same.</summary>
    public StatusBasis? WrittenStatus { get; set; }

    /// <summary>The cluster that runs all its replicas, when exactly one does (the placement annotation's case).</summary>
    public string? Cluster => Shares.Count == 1 ? Shares[0].Cluster : null;

    public IEnumerable<SimulatedPod> Pods => Shares.SelectMany(share => share.Pods);

    public int PodCount => Shares.Sum(share => share.Pods.Count);
}

/// <summary>
/// The inputs of a Deployment's status besides the clock: the object (its resourceVersion covers spec, generation
/// and the previous conditions) and the replica counts.
/// </summary>
public sealed record StatusBasis(string? Version, int Desired, int Existing, int Ready);
