namespace Smo.Solver.Placement;

/// <summary>
/// Exact placement for tiny problems (a handful of services and clusters, like the Brussels demo): enumerates
/// every assignment depth-first, pruning on capacity, in microseconds where building a CP-SAT model alone takes
/// a millisecond.
/// </summary>
internal static class ExhaustiveSearch
{
    /// <summary>Above this many complete assignments the CP-SAT search is faster.</summary>
    public const long MaxAssignments = 4096;

    public static bool Applies(PlacementIndex index, long maxAssignments = MaxAssignments)
    {
        long assignments = 1;
        foreach (var eligible in index.Eligible)
        {
            assignments *= Math.Max(eligible.Length, 1);
            if (assignments > maxAssignments)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The cheapest feasible assignment, or null when none exists.</summary>
    public static int[]? Solve(PlacementIndex index)
    {
        var state = new PlacementState(index, Enumerable.Repeat(PlacementState.Unplaced, index.ServiceCount).ToArray());
        int[]? best = null;
        var bestCost = long.MaxValue;
        Visit(0, 0);
        return best;

        void Visit(int service, long cost)
        {
            if (service == index.ServiceCount)
            {
                if (cost < bestCost)
                {
                    (best, bestCost) = ((int[])state.Assignment.Clone(), cost);
                }

                return;
            }

            foreach (var e in index.Eligible[service])
            {
                if (state.Fits(service, e))
                {
                    // Delta from "unplaced" counts the edges to services already placed, so partial costs add up.
                    var delta = state.Delta(service, e);
                    state.Move(service, e);
                    Visit(service + 1, cost + delta);
                    state.Unplace(service);
                }
            }
        }
    }
}
