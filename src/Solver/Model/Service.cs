namespace Smo.Solver.Model;

/// <summary>A service of the graph: what one replica needs, how many replicas, and where it may go.</summary>
/// <param name="Name">Unique service name.</param>
/// <param name="CpuPerReplica">CPU per replica in cores.</param>
/// <param name="MemoryGiBPerReplica">Memory per replica in GiB.</param>
/// <param name="Replicas">Replicas to place.</param>
public sealed record Service(string Name, double CpuPerReplica, double MemoryGiBPerReplica, int Replicas = 1)
{
    public bool NeedsAcceleration { get; init; }

    public int MinReplicas { get; init; } = 1;

    public int MaxReplicas { get; init; } = int.MaxValue;

    /// <summary>Capacity model: the highest request rate the service handles is Alpha × replicas + Beta.</summary>
    public double Alpha { get; init; } = 1;

    public double Beta { get; init; }

    /// <summary>Where the service runs now, if it is deployed.</summary>
    public string? CurrentCluster { get; init; }

    /// <summary>When set, the service must run on this cluster.</summary>
    public string? PinnedCluster { get; init; }

    public IReadOnlyList<string> ForbiddenClusters { get; init; } = [];

    /// <summary>The fewest clusters its replicas must be divided across (spreading); 1 = one cluster will do.</summary>
    public int MinClusters { get; init; } = 1;

    /// <summary>Its replicas per cluster now, when they are divided across clusters; empty otherwise.</summary>
    public IReadOnlyDictionary<string, int> CurrentDivision { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// How busy its cores are expected to be, 0 to 1: the rate it carries over what its replicas can carry (α·r + β).
    /// 1 — every core at full power — when the load is not known.
    /// </summary>
    public double Utilisation { get; init; } = 1;

    public double TotalCpu => CpuPerReplica * Replicas;

    public double TotalMemoryGiB => MemoryGiBPerReplica * Replicas;
}

/// <summary>A communication edge from <c>connectionPoints</c>: splitting it across clusters costs traffic and latency.</summary>
public sealed record CommunicationEdge(string From, string To, double Weight = 1);
