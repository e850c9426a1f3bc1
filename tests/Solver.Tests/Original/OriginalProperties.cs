using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Smo.Solver.Model;
using Smo.Solver.Original;
using Smo.Solver.Placement;

namespace Smo.Solver.Tests.Original;

/// <summary>
/// smo-original against brute force on small random instances: the re-placement is optimal for V3's objective and
/// follows the tie rule; decide_replicas is optimal for V3's objective and picks the lexicographically smallest optimum.
/// </summary>
public sealed class OriginalProperties
{
    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(10), Workers: 1, Seed: 1);

    public static Arbitrary<PlacementCase> Placements() => (
            from services in Gen.Choose(1, 4)
            from clusters in Gen.Choose(1, 3)
            from halves in Gen.ArrayOf(Gen.Choose(1, 4), services)
            from replicas in Gen.ArrayOf(Gen.Choose(1, 3), services)
            from needs in Gen.ArrayOf(Gen.Elements(false, false, true), services)
            from current in Gen.ArrayOf(Gen.Choose(-1, clusters - 1), services)
            from capacityHalves in Gen.ArrayOf(Gen.Choose(0, 12), clusters)
            from offers in Gen.ArrayOf(Gen.Elements(false, true), clusters)
            select new PlacementCase(
                [.. capacityHalves.Select(h => h / 2.0)], offers, [.. halves.Select(h => h / 2.0)], needs, replicas,
                [.. current.Select(e => e < 0 ? (int?)null : e)]))
        .ToArbitrary();

    public static Arbitrary<ScalingCase> Scalings() => (
            // Light loads on many replicas and little CPU: the own replicas V3 keeps often do not fit, so CPU binds.
            from services in Gen.Choose(1, 3)
            from quarters in Gen.ArrayOf(Gen.Elements(1, 2, 4, 8), services)
            from maximum in Gen.ArrayOf(Gen.Choose(1, 6), services)
            from previous in Gen.ArrayOf(Gen.Choose(0, 6), services)
            from rate in Gen.ArrayOf(Gen.Choose(0, 30), services)
            from alpha in Gen.ArrayOf(Gen.Choose(5, 20), services)
            from beta in Gen.ArrayOf(Gen.Choose(-5, 5), services)
            from capacity in Gen.Choose(0, 8)
            select new ScalingCase([.. rate.Select(r => (double)r)], previous, [.. quarters.Select(q => q / 4.0)],
                [.. alpha.Select(a => (double)a)], [.. beta.Select(b => (double)b)], capacity, maximum))
        .ToArbitrary();

    [Property(Arbitrary = [typeof(OriginalProperties)], MaxTest = 200)]
    public bool Replacement_is_optimal_for_the_V3_objective_and_follows_the_tie_rule(PlacementCase instance)
    {
        var input = instance.Input();
        var best = BestKey(input);

        var outcome = ReplacementModel.Solve(input, Options);

        return best is null
            ? outcome.Status == SolveStatus.Infeasible
            : outcome.Status == SolveStatus.Optimal && Meets(input, outcome.ClusterOf!) && Key(input, outcome.ClusterOf!) == best;
    }

    [Property(Arbitrary = [typeof(OriginalProperties)], MaxTest = 400)]
    public bool Decide_replicas_is_the_lexicographically_smallest_optimum_of_the_V3_objective(ScalingCase instance)
    {
        var input = instance.Input();
        var best = BruteForceReplicas(input);

        var outcome = ReplicaModel.Decide(input, Options);

        return best is null
            ? outcome.Status == SolveStatus.Infeasible
            : outcome.Status == SolveStatus.Optimal && outcome.Replicas!.SequenceEqual(best);
    }

    /// <summary>V3's constraints: each cluster's CPU (c·r), acceleration for every service but the first.</summary>
    private static bool Meets(OriginalPlacementInput input, int[] clusterOf) =>
        Enumerable.Range(1, clusterOf.Length - 1).All(s => !input.Acceleration[s] || input.ClusterAcceleration[clusterOf[s]])
        && Enumerable.Range(0, input.Clusters.Count).All(e =>
            Enumerable.Range(0, clusterOf.Length).Where(s => clusterOf[s] == e).Sum(s => input.CpuLimit[s] * input.Replicas[s]) <= input.Capacity[e]);

    /// <summary>The tie rule's key: services moved (V3's objective), then CPU moved, then the sum of cluster positions.</summary>
    private static (int Moves, double CpuMoved, int Positions) Key(OriginalPlacementInput input, int[] clusterOf)
    {
        var moved = Enumerable.Range(0, clusterOf.Length).Where(s => input.Current[s] is { } was && clusterOf[s] != was).ToList();
        return (moved.Count, moved.Sum(s => input.CpuLimit[s] * input.Replicas[s]), clusterOf.Sum());
    }

    private static (int, double, int)? BestKey(OriginalPlacementInput input)
    {
        var (services, clusters) = (input.CpuLimit.Count, input.Clusters.Count);
        (int, double, int)? best = null;
        var clusterOf = new int[services];
        for (var combination = 0; combination < (int)Math.Pow(clusters, services); combination++)
        {
            var rest = combination;
            for (var s = 0; s < services; s++)
            {
                (clusterOf[s], rest) = (rest % clusters, rest / clusters);
            }

            if (Meets(input, clusterOf) && Key(input, clusterOf) is var key && (best is null || key.CompareTo(best.Value) < 0))
            {
                best = key;
            }
        }

        return best;
    }

    /// <summary>Every count from 1 to 12 per service (no optimum needs more here), V3's objective in doubles, ties to the lexicographically smallest.</summary>
    private static int[]? BruteForceReplicas(OriginalScalingInput input)
    {
        const int Most = 12;
        var services = input.Names.Count;
        var normaliser = Enumerable.Range(0, services).Max(s => input.MaximumReplicas[s] * input.CpuLimits[s]);
        int[]? best = null;
        var bestCost = double.PositiveInfinity;
        var replicas = new int[services];
        for (var combination = 0; combination < (int)Math.Pow(Most, services); combination++)
        {
            var rest = combination;
            for (var s = 0; s < services; s++)
            {
                (replicas[s], rest) = (rest % Most + 1, rest / Most);
            }

            var feasible = Enumerable.Range(0, services).All(s => input.Alpha[s] * replicas[s] + input.Beta[s] >= input.Rates[s])
                && Enumerable.Range(0, services).Sum(s => input.CpuLimits[s] * replicas[s]) <= input.Capacity;
            if (!feasible)
            {
                continue;
            }

            var cost = Enumerable.Range(0, services).Sum(s =>
                0.4 * replicas[s] * input.CpuLimits[s] / normaliser + 0.4 * Math.Abs(input.Previous[s] - replicas[s]) / input.MaximumReplicas[s]);
            // Combinations run with the first service varying fastest: compare as vectors, not by order of visit.
            if (cost < bestCost - 1e-12 || (Math.Abs(cost - bestCost) <= 1e-12 && Compare(replicas, best!) < 0))
            {
                (best, bestCost) = ((int[])replicas.Clone(), Math.Min(cost, bestCost));
            }
        }

        return best;
    }

    private static int Compare(int[] left, int[] right) =>
        left.Zip(right).Select(p => p.First.CompareTo(p.Second)).FirstOrDefault(c => c != 0);

    public sealed record PlacementCase(double[] Capacity, bool[] Offers, double[] Cpu, bool[] Needs, int[] Replicas, int?[] Current)
    {
        internal OriginalPlacementInput Input() =>
            new([.. Capacity.Select((_, e) => $"c{e}")], Capacity, Offers, Cpu, Needs, Replicas, Current);

        public override string ToString() =>
            $"cap [{string.Join(",", Capacity)}] A [{string.Join(",", Offers)}] c [{string.Join(",", Cpu)}] a [{string.Join(",", Needs)}] r [{string.Join(",", Replicas)}] y [{string.Join(",", Current)}]";
    }

    public sealed record ScalingCase(double[] Rate, int[] Previous, double[] Cpu, double[] Alpha, double[] Beta, double Capacity, int[] Maximum)
    {
        internal OriginalScalingInput Input() =>
            V3Calls.Replicas(Rate, Previous, Cpu, [.. Rate.Select(_ => false)], Alpha, Beta, Capacity, false, Maximum);

        public override string ToString() =>
            $"λ [{string.Join(",", Rate)}] p [{string.Join(",", Previous)}] c [{string.Join(",", Cpu)}] α [{string.Join(",", Alpha)}] β [{string.Join(",", Beta)}] C {Capacity} R [{string.Join(",", Maximum)}]";
    }
}
