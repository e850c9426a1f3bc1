using System.Diagnostics;
using Google.OrTools.Sat;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Scaling;

/// <summary>
/// The original scaling model, made correct: integer replicas with α·r + β ≥ rate, the min/max bounds (the original
/// lost the upper bound), the cluster's CPU capacity, and w_util·CPU/U + w_trans·|r − p|/R as objective.
/// </summary>
public sealed class MilpScaling : IScalingStrategy
{
    public const string StrategyName = "smo-milp";
    public const string Utilisation = "utilisation";
    public const string Transition = "transition";

    // CP-SAT takes integer coefficients: CPU in milli-cores, objective terms in millionths.
    private const double CpuScale = 1000;
    private const double ObjectiveScale = 1_000_000;
    private const double MinimumNormaliser = 1e-9;

    // One millionth per replica: between decisions that cost the same, the one holding fewer replicas wins.
    private const long FewerReplicasOnTies = 1;

    public string Name => StrategyName;

    public ScalingResult Decide(ScalingProblem problem, SolverOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        if (Problems(problem) is { Count: > 0 } problems)
        {
            return ScalingResult.Failed(SolveStatus.InvalidInput, string.Join(" ", problems), Stopwatch.GetElapsedTime(started));
        }

        var services = problem.Services;
        var bounds = services.Select(s => (Low: Math.Max(s.MinReplicas, ReplicasFor(s)), High: EffectiveMax(s, problem.CpuCapacity))).ToList();
        if (Obstacle(problem, bounds) is { } obstacle)
        {
            return ScalingResult.Failed(SolveStatus.Infeasible, obstacle, Stopwatch.GetElapsedTime(started));
        }

        // Normalisers as in the original: U = the most CPU any service may hold, R = each service's replica range.
        var largestCpu = Math.Max(services.Select((s, i) => bounds[i].High * s.CpuPerReplica).DefaultIfEmpty(0).Max(), MinimumNormaliser);
        var model = new CpModel();
        var replicas = new IntVar[services.Count];
        var changes = new IntVar[services.Count];
        var objectiveVars = new List<IntVar>();
        var objectiveCoefficients = new List<long>();
        for (var i = 0; i < services.Count; i++)
        {
            var service = services[i];
            // Replicas carry the load: α·r + β ≥ rate, folded into the lower bound; min/max are the domain.
            replicas[i] = model.NewIntVar(bounds[i].Low, bounds[i].High, $"r_{i}");
            // |r − p| through an auxiliary d ≥ r − p and d ≥ p − r.
            changes[i] = model.NewIntVar(0, Math.Max(bounds[i].High, service.CurrentReplicas), $"d_{i}");
            model.Add(changes[i] >= replicas[i] - service.CurrentReplicas);
            model.Add(changes[i] >= service.CurrentReplicas - replicas[i]);
            objectiveVars.Add(replicas[i]);
            objectiveCoefficients.Add(Cost(problem.Weights.Utilisation * service.CpuPerReplica / largestCpu) + FewerReplicasOnTies);
            objectiveVars.Add(changes[i]);
            objectiveCoefficients.Add(Cost(problem.Weights.Transition / Math.Max(1, bounds[i].High)));
        }

        // The cluster's CPU capacity.
        model.Add(LinearExpr.WeightedSum(replicas, services.Select(s => CpSat.Demand(s.CpuPerReplica, CpuScale))) <= CpSat.Capacity(problem.CpuCapacity, CpuScale));
        model.Minimize(LinearExpr.WeightedSum(objectiveVars, objectiveCoefficients));
        var (solver, outcome) = CpSat.Solve(model, options);
        var status = CpSat.ToSolveStatus(outcome);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (status is not (SolveStatus.Optimal or SolveStatus.Feasible))
        {
            return status == SolveStatus.Infeasible
                ? ScalingResult.Failed(SolveStatus.Infeasible, "No replica counts carry every load within the cluster's CPU.", elapsed)
                : ScalingResult.Failed(SolveStatus.TimedOut, $"No decision within {options.TimeLimit.TotalSeconds:0.###} s.", elapsed);
        }

        var decided = services.Select((s, i) => (s.Name, Replicas: (int)solver.Value(replicas[i]))).ToDictionary(p => p.Name, p => p.Replicas, StringComparer.Ordinal);
        var objective = new Dictionary<string, double>
        {
            [Utilisation] = services.Select((s, i) => problem.Weights.Utilisation * decided[s.Name] * s.CpuPerReplica / largestCpu).Sum(),
            [Transition] = services.Select((s, i) => problem.Weights.Transition * Math.Abs(decided[s.Name] - s.CurrentReplicas) / Math.Max(1, bounds[i].High)).Sum(),
        };
        var changed = services.Count(s => decided[s.Name] != s.CurrentReplicas);
        return new ScalingResult(status, decided, objective, elapsed,
            $"{changed} of {services.Count} services change their replica count.");
    }

    /// <summary>The fewest replicas that carry the service's rate (α·r + β ≥ rate).</summary>
    private static int ReplicasFor(ScaledService service)
    {
        var missing = service.RateToCarry - service.Beta;
        if (missing <= 0)
        {
            return 0;
        }

        return service.Alpha > 0 ? (int)Math.Min(int.MaxValue, Math.Ceiling(missing / service.Alpha)) : int.MaxValue;
    }

    /// <summary>Max replicas, capped by what the cluster's CPU could ever hold (keeps the normalisers finite).</summary>
    private static int EffectiveMax(ScaledService service, double cpuCapacity) =>
        service.CpuPerReplica > 0
            ? (int)Math.Min(service.MaxReplicas, Math.Floor(cpuCapacity / service.CpuPerReplica))
            : service.MaxReplicas;

    private static string? Obstacle(ScalingProblem problem, List<(int Low, int High)> bounds)
    {
        for (var i = 0; i < problem.Services.Count; i++)
        {
            var service = problem.Services[i];
            if (service.NeedsAcceleration && !problem.HasAcceleration)
            {
                return $"{service.Name} needs acceleration; this cluster has none.";
            }

            if (bounds[i].Low > bounds[i].High)
            {
                var needed = ReplicasFor(service);
                return needed == int.MaxValue
                    ? $"{service.Name} cannot carry {Format(service.RateToCarry)} req/s: its capacity model (α={Format(service.Alpha)}, β={Format(service.Beta)}) never reaches it."
                    : $"{service.Name} needs {needed} replicas for {Format(service.RateToCarry)} req/s (α={Format(service.Alpha)}, β={Format(service.Beta)}) but may run at most {bounds[i].High} here (maxReplicas {service.MaxReplicas}, cluster CPU {Format(problem.CpuCapacity)}).";
            }
        }

        var cpuNeeded = problem.Services.Select((s, i) => bounds[i].Low * s.CpuPerReplica).Sum();
        return cpuNeeded > problem.CpuCapacity
            ? $"Carrying every load needs {Format(cpuNeeded)} CPU; the cluster offers {Format(problem.CpuCapacity)}."
            : null;
    }

    private static List<string> Problems(ScalingProblem problem)
    {
        var problems = new List<string>();
        if (!double.IsFinite(problem.CpuCapacity) || problem.CpuCapacity < 0)
        {
            problems.Add($"cpuCapacity is {Format(problem.CpuCapacity)}; it must be a finite number of at least 0.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < problem.Services.Count; i++)
        {
            var s = problem.Services[i];
            var where = $"services[{i}] '{s.Name}'";
            if (string.IsNullOrWhiteSpace(s.Name) || !names.Add(s.Name))
            {
                problems.Add($"{where}: the name is empty or appears more than once.");
            }

            foreach (var (what, value) in new[] { ("cpu per replica", s.CpuPerReplica), ("request rate", s.RequestRate), ("alpha", s.Alpha), ("predicted rate", s.PredictedRate ?? 0) })
            {
                if (!double.IsFinite(value) || value < 0)
                {
                    problems.Add($"{where}: {what} is {Format(value)}; it must be a finite number of at least 0.");
                }
            }

            if (!double.IsFinite(s.Beta))
            {
                problems.Add($"{where}: beta is {Format(s.Beta)}; it must be a finite number.");
            }

            if (s.CurrentReplicas < 0 || s.MinReplicas < 0 || s.MinReplicas > s.MaxReplicas)
            {
                problems.Add($"{where}: replicas now {s.CurrentReplicas}, min {s.MinReplicas}, max {s.MaxReplicas} are not a valid range.");
            }
        }

        return problems;
    }

    private static long Cost(double weight) => (long)Math.Round(weight * ObjectiveScale);

    private static string Format(double value) => CpSat.Format(value);
}
