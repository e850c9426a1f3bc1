using System.Diagnostics;
using Google.OrTools.Sat;

namespace Smo.Solver.Placement;

/// <summary>
/// Exact placement for large federations. Re-placement mostly keeps services where they are, so each service
/// starts with few candidate clusters — where it runs, where its neighbours run, where the heuristic put it — and
/// "anywhere else" as one relaxed option (<see cref="PlacementCpModel"/>). Each round solves that relaxation to
/// optimality (a valid lower bound), turns its solution into a real placement (an upper bound), and adds the
/// clusters the relaxation wanted to the candidates; it stops when the bounds meet or time runs out. Services
/// without a current cluster get every eligible cluster from the start, which makes the first round exact.
/// </summary>
internal sealed class RelaxAndExpandSearch(PlacementIndex index, SolverOptions options)
{
    // The linear relaxation with cuts, all of it from the start: the capacity knapsacks and the together literals
    // need it to prove optimality, and adding its rows lazily delayed the first useful bound by seconds at
    // 1000 × 100. Probing and symmetry detection cost more in presolve than they saved (measured at 200 × 20).
    private const string CpSatParameters = "linearization_level:2 add_lp_constraints_lazily:false cp_model_probing_level:0 symmetry_level:0";

    public sealed record Outcome(int[]? Assignment, long UpperBound, long LowerBound, bool Proven, int Rounds);

    public Outcome Run(int[] start, Stopwatch clock)
    {
        var incumbent = PlacementHeuristic.Construct(index, start);
        if (incumbent is not null)
        {
            PlacementHeuristic.Improve(index, incumbent);
        }

        var best = incumbent?.Assignment;
        var upper = best is null ? long.MaxValue : index.Evaluate(best);
        var lower = index.TrivialLowerBound();
        var candidates = InitialCandidates(best);
        for (var round = 1; ; round++)
        {
            var remaining = options.TimeLimit - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return new Outcome(best, upper, lower, false, round - 1);
            }

            var model = new PlacementCpModel(index, candidates, best);
            var (solver, status) = CpSat.Solve(model.Model, options with { TimeLimit = remaining }, CpSatParameters);
            if (status == CpSolverStatus.Infeasible)
            {
                // The relaxation admits every real placement: none exists.
                return new Outcome(null, long.MaxValue, long.MaxValue, true, round);
            }

            if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            {
                return new Outcome(best, upper, Math.Max(lower, (long)Math.Ceiling(solver.BestObjectiveBound)), false, round);
            }

            lower = Math.Max(lower, (long)Math.Ceiling(solver.BestObjectiveBound));
            var relaxed = model.Read(solver);
            if (PlacementHeuristic.Construct(index, relaxed) is { } completed)
            {
                PlacementHeuristic.Improve(index, completed);
                var cost = index.Evaluate(completed.Assignment);
                if (cost < upper)
                {
                    (best, upper) = (completed.Assignment, cost);
                }
            }

            if (upper <= lower || status != CpSolverStatus.Optimal)
            {
                return new Outcome(best, upper, lower, upper <= lower, round);
            }

            if (!Expand(candidates, relaxed, best))
            {
                // Nothing left to add: the model is exact, and its optimum is the answer.
                return new Outcome(best, upper, lower, true, round);
            }
        }
    }

    private int[][] InitialCandidates(int[]? incumbent)
    {
        var candidates = new int[index.ServiceCount][];
        for (var s = 0; s < index.ServiceCount; s++)
        {
            if (index.Current[s] < 0)
            {
                candidates[s] = index.Eligible[s];
                continue;
            }

            var set = new SortedSet<int> { index.Current[s] };
            foreach (var (other, _) in index.Neighbours[s])
            {
                if (index.Current[other] >= 0)
                {
                    set.Add(index.Current[other]);
                }
            }

            if (incumbent is not null)
            {
                set.Add(incumbent[s]);
            }

            candidates[s] = set.Where(e => Array.BinarySearch(index.Eligible[s], e) >= 0).ToArray();
        }

        return candidates;
    }

    /// <summary>
    /// Adds, for each service the relaxation sent "elsewhere", the cluster the best placement uses for it; when that
    /// adds nothing, all its eligible clusters. Returns false when every candidate list is already complete.
    /// </summary>
    private bool Expand(int[][] candidates, int[] relaxed, int[]? best)
    {
        var grew = false;
        for (var s = 0; s < candidates.Length; s++)
        {
            if (relaxed[s] != PlacementState.Unplaced || candidates[s].Length == index.Eligible[s].Length)
            {
                continue;
            }

            var target = best?[s] ?? -1;
            candidates[s] = target >= 0 && Array.BinarySearch(candidates[s], target) < 0
                ? [.. candidates[s].Append(target).Order()]
                : index.Eligible[s];
            grew = true;
        }

        if (grew)
        {
            return true;
        }

        // The relaxation used no "elsewhere" yet the bounds differ: it can only be an edge joined elsewhere, so
        // complete every candidate list that still relies on the relaxed option.
        for (var s = 0; s < candidates.Length; s++)
        {
            if (candidates[s].Length != index.Eligible[s].Length)
            {
                candidates[s] = index.Eligible[s];
                grew = true;
            }
        }

        return grew;
    }
}
