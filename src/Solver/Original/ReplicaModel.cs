using System.Diagnostics;
using Google.OrTools.Sat;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Original;

/// <summary>
/// V3's <c>decide_replicas</c> (CVXPY, HiGHS) for the services of one cluster, solved exactly: integer r ≥ 1 with no
/// upper bound, d ≥ |p − r|, minimise w_util·Σ r·c / U + w_trans·Σ d / R with U = max(R·c), subject to Σ c·r ≤ C,
/// a ≤ A for every service, and α·r + β ≥ λ. V3 answered None when the model was infeasible (and the loop asked
/// for a re-placement); here that is <see cref="SolveStatus.Infeasible"/> with the reason.
/// <para>
/// Exact, where V3 rounded HiGHS's floating-point value: amounts are whole milli-cores, so the test whether a
/// service's replica costs more CPU than its change costs (c/U against 1/R) is an integer comparison. Each service's
/// cost is convex with one bend, at p: its own best count is p when a replica costs less than a change, else the
/// fewest replicas its load allows. When those fit C together they are the optimum; otherwise CPU binds and the
/// services that would keep more than their load needs give up the replicas that cost least to give up (CP-SAT, on
/// exact integer weights when their common denominator fits, else on weights rounded to a billionth).
/// </para>
/// <para>
/// Ties — a replica that costs exactly as much as a change, which is so for the service with the largest R·c, or
/// services equally cheap to shrink — go to the decision whose counts, read in the services' order, are
/// lexicographically smallest: the fewest replicas for the first service, then for the next. When each service is
/// decided on its own that is simply the fewest replicas each. HiGHS returned either end of such a flat stretch,
/// whichever vertex it reached.
/// </para>
/// </summary>
internal static class ReplicaModel
{
    public const string Utilisation = "utilisation";
    public const string Transition = "transition";

    // A replica count meets a load but for floating-point noise below this ((0.3 − 0.1) / 0.1 = 2.0000000000000004).
    private const double LoadNoise = 1e-9;

    // Exact weights are used while the objective stays this far inside a long; past it they are rounded.
    private const long MaxExactObjective = 1_000_000_000_000_000;
    private const double RoundedWeightScale = 1e9;

    public sealed record Outcome(SolveStatus Status, int[]? Replicas, string Reason);

    public static Outcome Decide(OriginalScalingInput input, SolverOptions options)
    {
        var services = input.Names.Count;
        if (services == 0)
        {
            return new Outcome(SolveStatus.Optimal, [], "No services to scale.");
        }

        var cpu = input.CpuLimits.Select(c => CpSat.Demand(c, OriginalConstants.MilliCores)).ToArray();
        if (Enumerable.Range(0, services).FirstOrDefault(s => input.MaximumReplicas[s] < 1, -1) is var zero and >= 0)
        {
            return new Outcome(SolveStatus.InvalidInput, null,
                $"{input.Names[zero]}: maxReplicas is {input.MaximumReplicas[zero]}; V3 divides its transition term by it, so it must be at least 1.");
        }

        // U = max(R·c): the largest CPU any service may hold, V3's normaliser of the utilisation term.
        var normaliser = Enumerable.Range(0, services).Max(s => (Int128)cpu[s] * input.MaximumReplicas[s]);
        if (normaliser == 0)
        {
            return new Outcome(SolveStatus.InvalidInput, null, "Every service needs 0 CPU per replica: V3's normaliser U = max(R·c) is 0.");
        }

        // Acceleration: a_s ≤ A, a constant test in V3's model, so one service that needs it makes the whole model infeasible.
        if (Enumerable.Range(0, services).FirstOrDefault(s => input.Acceleration[s] && !input.ClusterAcceleration, -1) is var accelerated and >= 0)
        {
            return Infeasible($"{input.Names[accelerated]} needs acceleration and the cluster has none.");
        }

        // Load: r ≥ 1 and α·r + β ≥ λ.
        var least = new int[services];
        for (var s = 0; s < services; s++)
        {
            if (LeastReplicas(input.Rates[s], input.Alpha[s], input.Beta[s]) is not { } fewest)
            {
                return Infeasible($"{input.Names[s]} cannot carry {CpSat.Format(input.Rates[s])} req/s: α·r + β never reaches it (α={CpSat.Format(input.Alpha[s])}, β={CpSat.Format(input.Beta[s])}).");
            }

            least[s] = fewest;
        }

        // CPU: Σ c·r ≤ C.
        var capacity = CpSat.Capacity(input.Capacity, OriginalConstants.MilliCores);
        var needed = Enumerable.Range(0, services).Aggregate(Int128.Zero, (sum, s) => sum + (Int128)cpu[s] * least[s]);
        if (needed > capacity)
        {
            return Infeasible($"Carrying the measured loads needs {CpSat.Format((double)needed / OriginalConstants.MilliCores)} CPU; "
                + $"V3's capacity C is {CpSat.Format(input.Capacity)}, the cluster's free CPU with this graph's own replicas counted as used.");
        }

        // Each service's own optimum: p while a replica costs less than a change (c/U < 1/R, i.e. c·R < U), else the fewest.
        var cheaperToKeep = Enumerable.Range(0, services).Select(s => (Int128)cpu[s] * input.MaximumReplicas[s] < normaliser).ToArray();
        var own = Enumerable.Range(0, services).Select(s => cheaperToKeep[s] ? Math.Max(input.Previous[s], least[s]) : least[s]).ToArray();
        var ownCpu = Enumerable.Range(0, services).Aggregate(Int128.Zero, (sum, s) => sum + (Int128)cpu[s] * own[s]);
        if (ownCpu <= capacity)
        {
            return new Outcome(SolveStatus.Optimal, own, Reason(input, own, cpuBinds: false));
        }

        return ShrinkToFit(input, options, cpu, normaliser, least, own, cheaperToKeep, capacity);
    }

    /// <summary>V3's objective terms for a decision, with its constant weights and normalisers.</summary>
    public static Dictionary<string, double> Objective(OriginalScalingInput input, IReadOnlyList<int> replicas)
    {
        var normaliser = Enumerable.Range(0, replicas.Count).Select(s => input.MaximumReplicas[s] * input.CpuLimits[s]).DefaultIfEmpty(0).Max();
        return new Dictionary<string, double>
        {
            [Utilisation] = normaliser > 0
                ? OriginalConstants.UtilisationWeight * Enumerable.Range(0, replicas.Count).Sum(s => replicas[s] * input.CpuLimits[s]) / normaliser
                : 0,
            [Transition] = OriginalConstants.TransitionWeight
                * Enumerable.Range(0, replicas.Count).Sum(s => Math.Abs(input.Previous[s] - replicas[s]) / (double)Math.Max(1, input.MaximumReplicas[s])),
        };
    }

    /// <summary>The fewest replicas with r ≥ 1 and α·r + β ≥ λ; null when no count reaches the load.</summary>
    public static int? LeastReplicas(double rate, double alpha, double beta)
    {
        if (alpha <= 0)
        {
            return beta >= rate ? 1 : null;
        }

        var replicas = Math.Ceiling((rate - beta) / alpha - LoadNoise);
        return replicas > int.MaxValue ? null : Math.Max(1, (int)replicas);
    }

    /// <summary>
    /// CPU binds: the services whose own optimum keeps more than their load needs (p above the fewest, a replica
    /// cheaper than a change) give up replicas, at a cost per replica of 1/R − c/U; the rest keep the fewest. Maximise
    /// Σ (1/R − c/U)·r over them within what the others leave of C, then settle ties service by service.
    /// </summary>
    private static Outcome ShrinkToFit(
        OriginalScalingInput input, SolverOptions options, long[] cpu, Int128 normaliser, int[] least, int[] own, bool[] cheaperToKeep, long capacity)
    {
        var clock = Stopwatch.StartNew();
        var services = own.Length;
        var shrinkable = Enumerable.Range(0, services).Where(s => cheaperToKeep[s] && own[s] > least[s]).ToArray();
        var fixedCpu = Enumerable.Range(0, services).Where(s => !shrinkable.Contains(s)).Sum(s => cpu[s] * (long)least[s]);
        var weights = KeepWeights(input, cpu, normaliser, shrinkable, own);
        var decided = (int[])least.Clone();

        var (status, kept) = SolveKeep(shrinkable, least, own, cpu, weights, capacity - fixedCpu, options.TimeLimit, objectiveAtLeast: null, fixedCounts: [], minimise: -1);
        if (kept is null)
        {
            return new Outcome(status == SolveStatus.Infeasible ? SolveStatus.Infeasible : SolveStatus.TimedOut, null,
                $"No decision within {options.TimeLimit.TotalSeconds:0.###} s.");
        }

        var value = Enumerable.Range(0, shrinkable.Length).Sum(k => weights[k] * kept[k]);
        // Ties: among decisions keeping that much, the fewest replicas for each service in turn.
        var settled = new List<(int Index, int Count)>();
        for (var k = 0; k < shrinkable.Length && status == SolveStatus.Optimal; k++)
        {
            var left = options.TimeLimit - clock.Elapsed;
            var (tieStatus, tie) = left > TimeSpan.Zero
                ? SolveKeep(shrinkable, least, own, cpu, weights, capacity - fixedCpu, left, value, settled, minimise: k)
                : (SolveStatus.TimedOut, null);
            if (tie is null)
            {
                break;
            }

            kept = tie;
            settled.Add((k, tie[k]));
            if (tieStatus != SolveStatus.Optimal)
            {
                break;
            }
        }

        for (var k = 0; k < shrinkable.Length; k++)
        {
            decided[shrinkable[k]] = kept[k];
        }

        return new Outcome(status, decided, Reason(input, decided, cpuBinds: true));
    }

    /// <summary>
    /// Per shrinkable service, what keeping one replica saves, 1/R − c/U, times a common factor: exact integers
    /// (U·lcm(R) · that) while the objective stays well inside a long, else rounded to a billionth of the largest.
    /// </summary>
    private static long[] KeepWeights(OriginalScalingInput input, long[] cpu, Int128 normaliser, int[] shrinkable, int[] own)
    {
        // (1/R − c/U)·U = (U − c·R)/R: the common factor U is dropped, lcm(R) clears the denominators.
        Int128 lcm = 1;
        foreach (var s in shrinkable.TakeWhile(_ => lcm <= MaxExactObjective))
        {
            lcm = lcm / Gcd(lcm, input.MaximumReplicas[s]) * input.MaximumReplicas[s];
        }

        if (lcm <= MaxExactObjective && ExactWeights(input, cpu, normaliser, shrinkable, own, lcm) is { } exact)
        {
            return exact;
        }

        var real = shrinkable.Select(s => 1.0 / input.MaximumReplicas[s] - (double)cpu[s] / (double)normaliser).ToArray();
        var largest = real.Max();
        return [.. real.Select(w => Math.Max(1, (long)Math.Round(RoundedWeightScale * w / largest)))];
    }

    /// <summary>(U − c·R)·lcm/R per shrinkable service, or null when the objective would leave the range CP-SAT is given.</summary>
    private static long[]? ExactWeights(OriginalScalingInput input, long[] cpu, Int128 normaliser, int[] shrinkable, int[] own, Int128 lcm)
    {
        try
        {
            var weights = new long[shrinkable.Length];
            Int128 objective = 0;
            for (var k = 0; k < shrinkable.Length; k++)
            {
                var s = shrinkable[k];
                var weight = checked((normaliser - (Int128)cpu[s] * input.MaximumReplicas[s]) * (lcm / input.MaximumReplicas[s]));
                objective = checked(objective + weight * own[s]);
                if (objective > MaxExactObjective)
                {
                    return null;
                }

                weights[k] = (long)weight;
            }

            return weights;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>
    /// The shrinkable services' counts in [fewest, own] within <paramref name="room"/> milli-cores: with
    /// <paramref name="minimise"/> &lt; 0, the most weighted replicas kept; else the fewest replicas for service
    /// <paramref name="minimise"/> among decisions keeping <paramref name="objectiveAtLeast"/>, with the counts settled so far.
    /// </summary>
    private static (SolveStatus Status, int[]? Kept) SolveKeep(
        int[] shrinkable, int[] least, int[] own, long[] cpu, long[] weights, long room, TimeSpan timeLimit,
        long? objectiveAtLeast, IReadOnlyList<(int Index, int Count)> fixedCounts, int minimise)
    {
        var model = new CpModel();
        var replicas = shrinkable.Select(s => model.NewIntVar(least[s], own[s], $"r[{s}]")).ToArray();
        var kept = LinearExpr.WeightedSum(replicas, weights);
        // CPU: what the others leave of C.
        model.Add(LinearExpr.WeightedSum(replicas, shrinkable.Select(s => cpu[s])) <= room);
        if (objectiveAtLeast is { } value)
        {
            model.Add(kept >= value);
            foreach (var (index, count) in fixedCounts)
            {
                model.Add(replicas[index] == count);
            }

            model.Minimize(replicas[minimise]);
        }
        else
        {
            model.Maximize(kept);
        }

        var (solver, status) = CpSat.Solve(model, new SolverOptions(timeLimit, Workers: 1));
        var outcome = CpSat.ToSolveStatus(status);
        return outcome is SolveStatus.Optimal or SolveStatus.Feasible
            ? (outcome, [.. replicas.Select(r => (int)solver.Value(r))])
            : (outcome, null);
    }

    private static Int128 Gcd(Int128 a, Int128 b) => b == 0 ? a : Gcd(b, a % b);

    private static Outcome Infeasible(string why) =>
        new(SolveStatus.Infeasible, null, $"V3 decide_replicas infeasible: {why} V3 answered None and asked for a re-placement.");

    private static string Reason(OriginalScalingInput input, int[] replicas, bool cpuBinds)
    {
        var changed = Enumerable.Range(0, replicas.Length).Count(s => replicas[s] != input.Previous[s]);
        return $"V3 decide_replicas: {changed} of {replicas.Length} services change their replica count (measured rates only, r ≥ 1, no upper bound"
            + (cpuBinds ? "; CPU binds" : "") + ").";
    }
}
