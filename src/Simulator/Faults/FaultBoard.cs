using Smo.Simulator.Federation;

namespace Smo.Simulator.Faults;

/// <summary>The faults of the scenario and those posted at run time; decides per request. Guarded by the federation lock.</summary>
public sealed class FaultBoard(int seed)
{
    private readonly List<ActiveFault> _faults = [];
    private readonly Random _random = new(seed);
    private int _nextId = 1;

    public IReadOnlyList<ActiveFault> All => _faults;

    public ActiveFault Add(FaultSpec spec, TimeSpan startsAt)
    {
        var fault = new ActiveFault(_nextId++, spec, startsAt);
        _faults.Add(fault);
        return fault;
    }

    public bool Remove(int id) => _faults.RemoveAll(f => f.Id == id) > 0;

    public void Clear() => _faults.Clear();

    /// <summary>
    /// Latency adds up and a concurrent write comes on top; the first error or hang that draws a hit wins. Hits are
    /// counted against each fault's count.
    /// </summary>
    public FaultEffect Decide(string path, string method, TimeSpan now)
    {
        var delay = TimeSpan.Zero;
        int? error = null;
        var hang = false;
        int? concurrentWrite = null;
        var hit = new List<int>();
        foreach (var fault in _faults.Where(f => !f.Spec.ActsOnCluster && f.IsActive(now) && f.Matches(path, method)))
        {
            if ((error is not null || hang) && fault.Spec.Type is not (FaultType.Latency or FaultType.ConcurrentWrite))
            {
                continue;
            }
            if (fault.Spec.Rate < 1 && _random.NextDouble() >= fault.Spec.Rate)
            {
                continue;
            }
            fault.Hits++;
            hit.Add(fault.Id);
            switch (fault.Spec.Type)
            {
                case FaultType.Latency:
                    delay += fault.Spec.Delay;
                    break;
                case FaultType.ApiError:
                    error = fault.Spec.Status;
                    break;
                case FaultType.Hang:
                    hang = true;
                    break;
                case FaultType.ConcurrentWrite:
                    concurrentWrite ??= fault.Id;
                    break;
            }
        }
        return hit.Count == 0 ? FaultEffect.None : new FaultEffect(delay, error, hang, concurrentWrite, hit);
    }

    /// <summary>
    /// Clusters a fault holds down now, with the Karmada reason to report. Unreachable wins over not ready: once Karmada
    /// hears nothing from a cluster, its cluster controller's Unknown is the last word on it.
    /// </summary>
    public IReadOnlyDictionary<string, string> NotReadyClusters(TimeSpan now) =>
        _faults
            .Where(f => f.Spec.TakesClusterDown && f.IsActive(now))
            .GroupBy(f => f.Spec.Cluster!)
            .ToDictionary(g => g.Key, g => (g.FirstOrDefault(f => f.Spec.Type == FaultType.ClusterUnreachable) ?? g.First()).Spec.Reason);

    /// <summary>The taints clusterTaint faults put on each cluster now, oldest first, each added when its fault started.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ClusterTaint>> Taints(TimeSpan now) =>
        _faults
            .Where(f => f.Spec.Type == FaultType.ClusterTaint && f.IsActive(now))
            .GroupBy(f => f.Spec.Cluster!)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ClusterTaint>)[.. g.Select(f => f.Spec.Taint! with { Added = f.StartsAt }).OrderBy(t => t.Added)]);
}
