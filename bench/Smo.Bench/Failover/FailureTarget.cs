namespace Smo.Bench.Failover;

/// <summary>
/// Which cluster a round fails: the one that runs most of a graph, chosen anew each round from where the graphs run
/// then (after a cluster returns, services may or may not have moved back). With two graphs on one federation, the
/// graph measured in the fewest rounds so far chooses, so every kind gets its rounds even when the graphs part ways.
/// </summary>
internal static class FailureTarget
{
    /// <param name="graphs">Each graph's ready replicas per cluster and the rounds that measured it so far, in a fixed
    /// order (the first wins a tie).</param>
    /// <returns>The cluster with the most ready replicas of the graph furthest behind (ties: most replicas of all graphs,
    /// then the name); null when no graph has a ready replica anywhere.</returns>
    public static string? Choose(IReadOnlyList<(IReadOnlyDictionary<string, int> ReadyByCluster, int Measured)> graphs)
    {
        var running = graphs.Where(g => g.ReadyByCluster.Values.Any(r => r > 0)).ToList();
        if (running.Count == 0)
        {
            return null;
        }

        var chooser = running.MinBy(g => g.Measured).ReadyByCluster;
        return chooser.Where(c => c.Value > 0)
            .OrderByDescending(c => c.Value)
            .ThenByDescending(c => graphs.Sum(g => g.ReadyByCluster.GetValueOrDefault(c.Key)))
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .First().Key;
    }
}
