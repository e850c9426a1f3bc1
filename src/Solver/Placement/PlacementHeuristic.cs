namespace Smo.Solver.Placement;

/// <summary>
/// Fast feasible placements: keep every service where it is when that is allowed, move the cheapest services off
/// overloaded clusters, place the rest largest first where they cost least, then improve by single moves.
/// Gives the exact search a feasible start and turns its relaxed solutions into real ones.
/// </summary>
internal static class PlacementHeuristic
{
    /// <summary>A feasible assignment as close to <paramref name="start"/> as it finds, or null when it cannot fit everything.</summary>
    public static PlacementState? Construct(PlacementIndex index, int[] start)
    {
        var state = new PlacementState(index, start.Select((e, s) => e >= 0 && Array.BinarySearch(index.Eligible[s], e) >= 0 ? e : PlacementState.Unplaced).ToArray());
        for (var e = 0; e < index.ClusterCount; e++)
        {
            while (state.IsOverloaded(e))
            {
                Shed(index, state, e);
            }
        }

        var unplaced = Enumerable.Range(0, index.ServiceCount)
            .Where(s => state.Assignment[s] == PlacementState.Unplaced)
            .OrderByDescending(s => index.Cpu[s])
            .ThenByDescending(s => index.Memory[s]);
        foreach (var s in unplaced)
        {
            if (BestMove(index, state, s) is not { } target)
            {
                return null;
            }

            state.Move(s, target.Cluster);
        }

        return state;
    }

    /// <summary>Applies improving single-service moves until none is left or <paramref name="maxPasses"/> passes are done.</summary>
    public static void Improve(PlacementIndex index, PlacementState state, int maxPasses = 20)
    {
        for (var pass = 0; pass < maxPasses; pass++)
        {
            var improved = false;
            for (var s = 0; s < index.ServiceCount; s++)
            {
                if (BestMove(index, state, s) is { Delta: < 0 } move)
                {
                    state.Move(s, move.Cluster);
                    improved = true;
                }
            }

            if (!improved)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Moves one service off an overloaded cluster: the one whose best relocation costs least per share of the
    /// overload it removes (a move costs about the same whatever the size, so one large service beats several small
    /// ones); when none can go anywhere, the largest is unplaced and placed again later.
    /// </summary>
    private static void Shed(PlacementIndex index, PlacementState state, int cluster)
    {
        var (cpuExcess, memoryExcess) = state.Excess(cluster);
        (int Service, int Cluster, double Score)? cheapest = null;
        var largest = -1;
        for (var s = 0; s < index.ServiceCount; s++)
        {
            if (state.Assignment[s] != cluster)
            {
                continue;
            }

            if (largest < 0 || index.Cpu[s] > index.Cpu[largest])
            {
                largest = s;
            }

            if (BestMove(index, state, s) is { } move)
            {
                var covered = Math.Min(Share(index.Cpu[s], cpuExcess), Share(index.Memory[s], memoryExcess));
                var score = move.Delta >= 0 ? move.Delta / covered : move.Delta * covered;
                if (cheapest is null || score < cheapest.Value.Score)
                {
                    cheapest = (s, move.Cluster, score);
                }
            }
        }

        if (cheapest is { } best)
        {
            state.Move(best.Service, best.Cluster);
        }
        else
        {
            state.Unplace(largest);
        }
    }

    /// <summary>The share of an excess a demand removes, in (0, 1]; 1 when there is no excess of that resource.</summary>
    private static double Share(long demand, long excess) => excess <= 0 ? 1 : Math.Clamp((double)demand / excess, 1e-6, 1);

    /// <summary>The cheapest other cluster the service fits on now, with the objective change of going there.</summary>
    private static (int Cluster, long Delta)? BestMove(PlacementIndex index, PlacementState state, int service)
    {
        (int Cluster, long Delta)? best = null;
        foreach (var e in index.Eligible[service])
        {
            if (e == state.Assignment[service] || !state.Fits(service, e))
            {
                continue;
            }

            var delta = state.Delta(service, e);
            if (best is null || delta < best.Value.Delta)
            {
                best = (e, delta);
            }
        }

        return best;
    }
}
