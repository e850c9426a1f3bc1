namespace Smo.Solver.Placement;

/// <summary>
/// A complete or partial assignment with its loads, for heuristics: constant-time capacity checks and move deltas
/// that look only at the moved service's neighbours.
/// </summary>
internal sealed class PlacementState
{
    public const int Unplaced = -1;

    private readonly PlacementIndex _index;
    private readonly long[] _cpuLoad;
    private readonly long[] _memoryLoad;
    private readonly int[] _hosted;

    public PlacementState(PlacementIndex index, int[] assignment)
    {
        _index = index;
        Assignment = (int[])assignment.Clone();
        _cpuLoad = new long[index.ClusterCount];
        _memoryLoad = new long[index.ClusterCount];
        _hosted = new int[index.ClusterCount];
        for (var s = 0; s < Assignment.Length; s++)
        {
            if (Assignment[s] != Unplaced)
            {
                Add(s, Assignment[s]);
            }
        }
    }

    /// <summary>Cluster index per service, or <see cref="Unplaced"/>.</summary>
    public int[] Assignment { get; }

    public bool Fits(int service, int cluster) =>
        _cpuLoad[cluster] + _index.Cpu[service] <= _index.CpuCapacity[cluster]
        && _memoryLoad[cluster] + _index.Memory[service] <= _index.MemoryCapacity[cluster];

    public bool IsOverloaded(int cluster) =>
        _cpuLoad[cluster] > _index.CpuCapacity[cluster] || _memoryLoad[cluster] > _index.MemoryCapacity[cluster];

    /// <summary>How far the cluster's CPU and memory loads exceed its capacity (0 or negative where they fit).</summary>
    public (long Cpu, long Memory) Excess(int cluster) =>
        (_cpuLoad[cluster] - _index.CpuCapacity[cluster], _memoryLoad[cluster] - _index.MemoryCapacity[cluster]);

    /// <summary>How the objective changes if <paramref name="service"/> goes to <paramref name="cluster"/> (from wherever it is, or from nowhere).</summary>
    public long Delta(int service, int cluster)
    {
        var from = Assignment[service];
        if (from == cluster)
        {
            return 0;
        }

        var delta = _index.UnaryCostOf(service, cluster) - (from == Unplaced ? 0 : _index.UnaryCostOf(service, from));
        if (_hosted[cluster] == 0)
        {
            delta += _index.DeploymentCost;
        }

        if (from != Unplaced && _hosted[from] == 1)
        {
            delta -= _index.DeploymentCost;
        }

        foreach (var (other, cost) in _index.Neighbours[service])
        {
            var there = Assignment[other];
            if (there == Unplaced)
            {
                continue;
            }

            // Split now (or not yet counted) and joined after, or the reverse.
            var splitBefore = from == Unplaced || there != from;
            var splitAfter = there != cluster;
            delta += (splitAfter ? cost : 0) - (from == Unplaced ? 0 : splitBefore ? cost : 0);
        }

        return delta;
    }

    public void Move(int service, int cluster)
    {
        if (Assignment[service] != Unplaced)
        {
            Remove(service, Assignment[service]);
        }

        Assignment[service] = cluster;
        Add(service, cluster);
    }

    public void Unplace(int service)
    {
        Remove(service, Assignment[service]);
        Assignment[service] = Unplaced;
    }

    private void Add(int service, int cluster)
    {
        _cpuLoad[cluster] += _index.Cpu[service];
        _memoryLoad[cluster] += _index.Memory[service];
        _hosted[cluster]++;
    }

    private void Remove(int service, int cluster)
    {
        _cpuLoad[cluster] -= _index.Cpu[service];
        _memoryLoad[cluster] -= _index.Memory[service];
        _hosted[cluster]--;
    }
}
