using Google.OrTools.Sat;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Original;

/// <summary>
/// V3's <c>decide_placement</c>, the re-placement, solved exactly on CP-SAT: minimise Σx + Σ y∘(y − x), which is the
/// number of services plus the number that move off their current cluster, with each service on one cluster, every
/// service's CPU (c·r) within each cluster's capacity, and acceleration for every service but the first.
/// <para>
/// Ties: V3 took whichever optimum HiGHS met first, which depends on the solver, its version and its presolve (the
/// original's own tests accept either of two placements for one input, and one hard-codes the one that moves less
/// CPU). Smo breaks them by a rule instead, in this order: fewest moves (V3's objective), then the least CPU moved
/// (that is the placement the hard-coded test expects), then the smallest sum of cluster positions (earlier clusters,
/// the order the naive placement prefers); what is still tied goes to the first optimum CP-SAT finds with one
/// worker and the run's seed — the same input and seed give the same placement.
/// </para>
/// </summary>
internal static class ReplacementModel
{
    // The lexicographic objective's largest coefficient sum; past it a single long objective could overflow.
    private const double MaxObjective = 1e17;

    /// <summary>How the solve ended, the cluster index of each service when it found a placement, and V3's objective value.</summary>
    public sealed record Outcome(SolveStatus Status, int[]? ClusterOf, int Moves)
    {
        /// <summary>V3's objective: 1 per service (Σx) plus 1 per service moved (Σ y∘(y − x)).</summary>
        public double Objective(int services) => OriginalConstants.DeploymentWeight * services + OriginalConstants.ReoptimisationWeight * Moves;
    }

    public static Outcome Solve(OriginalPlacementInput input, SolverOptions options)
    {
        var required = input.RequiredMilliCores();
        var capacity = input.CapacityMilliCores();
        var (services, clusters) = (required.Length, capacity.Length);
        // Tiers of the objective: a move outweighs any CPU moved, a milli-core moved outweighs any cluster positions.
        var positionsTier = (double)services * Math.Max(0, clusters - 1) + 1;
        var cpuTier = (required.Sum() + 1d) * positionsTier;
        if (cpuTier * (services + 1) > MaxObjective)
        {
            return new Outcome(SolveStatus.InvalidInput, null, 0);
        }

        var model = new CpModel();
        var x = new BoolVar[services][];
        var terms = new List<IntVar>();
        var costs = new List<long>();
        for (var s = 0; s < services; s++)
        {
            x[s] = new BoolVar[clusters];
            for (var e = 0; e < clusters; e++)
            {
                x[s][e] = model.NewBoolVar($"x[{s},{e}]");
                // Staying saves its move and its CPU moved; every cluster costs its position, for ties only.
                var stays = input.Current[s] == e ? (long)(cpuTier + positionsTier * required[s]) : 0;
                terms.Add(x[s][e]);
                costs.Add(e - stays);
            }

            // (1) Each service on exactly one cluster.
            model.AddExactlyOne(x[s]);
        }

        // (2) CPU: Σ_s x[s,e]·c_s·r_s ≤ cap_e for every cluster, every service counted.
        for (var e = 0; e < clusters; e++)
        {
            var column = Enumerable.Range(0, services).Select(s => (IntVar)x[s][e]);
            model.Add(LinearExpr.WeightedSum(column, required) <= capacity[e]);
        }

        // (3) Acceleration: x[s,e]·a_s ≤ A_e for s ≥ 1. Defect kept: V3 skipped the first service ("Assuming s0 has no acceleration constraint").
        for (var s = 1; s < services; s++)
        {
            for (var e = 0; e < clusters; e++)
            {
                if (input.Acceleration[s] && !input.ClusterAcceleration[e])
                {
                    model.Add(x[s][e] == 0);
                }
            }
        }

        // (4) V3's dependency constraint x[i,e] + x[i−1,e] ≥ d[i−1] with d = [0, 0] holds for every placement: nothing to add.
        model.Minimize(LinearExpr.WeightedSum(terms, costs));
        // One worker whatever the options say: with several, which of two tied optima comes back is a race.
        var (solver, status) = CpSat.Solve(model, options with { Workers = 1 });
        var outcome = CpSat.ToSolveStatus(status);
        if (outcome is not (SolveStatus.Optimal or SolveStatus.Feasible))
        {
            return new Outcome(outcome, null, 0);
        }

        var clusterOf = x.Select(row => Array.FindIndex(row, literal => solver.BooleanValue(literal))).ToArray();
        var moves = Enumerable.Range(0, services).Count(s => input.Current[s] is { } was && clusterOf[s] != was);
        return new Outcome(outcome, clusterOf, moves);
    }
}
