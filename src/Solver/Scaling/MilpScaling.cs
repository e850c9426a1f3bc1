using System.Diagnostics;
using Google.OrTools.Sat;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Scaling;

/// <summary>
/// The original scaling model, made correct: integer replicas with α·r + β ≥ rate, the min/max bounds (the original
/// lost the upper bound), CPU capacity, and w_util·CPU/U + w_trans·|r − p|/R as objective. One cluster, or one
/// service's replicas divided across several clusters (Karmada static weights), where the transition term counts
/// the change on each cluster.
/// </summary>
public sealed class MilpScaling : IScalingStrategy
{
    public const string StrategyName = "smo-milp";
    public const string Utilisation = "utilisation";
    public const string Transition = "transition";
    public const string Carbon = "carbon";

    /// <summary>
    /// The carbon weight multi-cluster scaling uses for a graph whose placement is energy-aware: a replica on the
    /// dirtiest cluster costs as much again as its CPU does (w_util's scale), so new replicas go to cleaner clusters,
    /// while replicas already running move only when the saving beats the two changes a move is (w_trans each).
    /// </summary>
    public const double EnergyAwareCarbonWeight = 1;

    // CP-SAT takes integer coefficients: CPU in milli-cores, objective terms in millionths.
    private const double CpuScale = 1000;
    private const double ObjectiveScale = 1_000_000;
    private const double MinimumNormaliser = 1e-9;

    // One millionth per replica: between decisions that cost the same, the one holding fewer replicas wins.
    private const long FewerReplicasOnTies = 1;

    public string Name => StrategyName;

    public ScalingResult Decide(ScalingProblem problem, SolverOptions options)
    {
        var clusters = new[] { new ScalingCluster("the cluster", problem.CpuCapacity, problem.HasAcceleration) };
        var split = problem.Services.Select(s => new SplitService(s, new Dictionary<string, int> { [clusters[0].Name] = s.CurrentReplicas })).ToList();
        var result = Solve(new MultiClusterScalingProblem(split, clusters) { Weights = problem.Weights, ServeOverload = problem.ServeOverload }, options, singleCluster: true);
        return result with { ReplicasByCluster = new Dictionary<string, IReadOnlyDictionary<string, int>>() };
    }

    public ScalingResult DecideAcrossClusters(MultiClusterScalingProblem problem, SolverOptions options) =>
        Solve(problem, options, singleCluster: false);

    private static ScalingResult Solve(MultiClusterScalingProblem problem, SolverOptions options, bool singleCluster)
    {
        var clock = Stopwatch.StartNew();
        var services = problem.Services.Select(s => s.Service).ToList();
        var capacities = singleCluster
            ? [("cpuCapacity", problem.Clusters[0].CpuCapacity)]
            : problem.Clusters.Select((c, e) => ($"clusters[{e}] '{c.Name}' cpuCapacity", c.CpuCapacity));
        var problems = ScalingValidator.Problems(services, capacities);
        problems.AddRange(ClusterProblems(problem));
        if (options.Problem is { } optionsProblem)
        {
            problems.Add(optionsProblem);
        }

        if (problems.Count > 0)
        {
            return ScalingResult.Failed(SolveStatus.InvalidInput, string.Join(" ", problems), clock.Elapsed);
        }

        var allowed = problem.Services.Select(s => AllowedClusters(s, problem.Clusters)).ToList();
        var ranges = services.Select((s, i) => ReplicaRange.Of(s, s.ReplicasForLoad(), EffectiveMax(s, allowed[i].Select(e => problem.Clusters[e].CpuCapacity)), problem.ServeOverload)).ToList();
        if (Obstacle(problem, allowed, ranges, singleCluster) is { } obstacle)
        {
            return ScalingResult.Failed(SolveStatus.Infeasible, obstacle, clock.Elapsed);
        }

        // Normalisers: R = each service's replica range, and — unlike the original, whose U was the most CPU any
        // service of the cluster may hold — U = the most CPU this service may hold. With the original's global U, a
        // small service's replica weighed less in w_util than in w_trans, so a load drop never paid for scaling
        // down (7 replicas kept for a load 1 carries). Per service, both terms share one scale: with w_util ≥ w_trans
        // replicas follow the load down; w_trans > w_util holds extra replicas as deliberate hysteresis.
        var cpuRange = services.Select((s, i) => Math.Max(ranges[i].High * s.CpuPerReplica, MinimumNormaliser)).ToArray();
        var leaving = problem.Services.Select((s, i) => s.CurrentByCluster
            .Where(p => !allowed[i].Any(e => problem.Clusters[e].Name == p.Key))
            .Sum(p => p.Value) * problem.Weights.Transition / Math.Max(1, ranges[i].High)).Sum();
        if (singleCluster && SeparableOptimum(problem, ranges, cpuRange) is { } separable)
        {
            return Result(problem, allowed, ranges, cpuRange, leaving, SolveStatus.Optimal, (i, _) => separable[i], clock);
        }

        var carbonShare = CarbonShares(problem);
        var model = new CpModel();
        var shortfallCosts = ShortfallCosts(problem, services, ranges);
        var objectiveVars = new List<IntVar>();
        var objectiveCoefficients = new List<long>();
        var onCluster = new IntVar[services.Count][];
        var cpuByCluster = problem.Clusters.Select(_ => new List<(IntVar Replicas, long Cpu)>()).ToArray();
        for (var i = 0; i < services.Count; i++)
        {
            var service = services[i];
            var current = problem.Services[i].CurrentByCluster;
            onCluster[i] = new IntVar[allowed[i].Length];
            for (var k = 0; k < allowed[i].Length; k++)
            {
                var cluster = problem.Clusters[allowed[i][k]];
                var was = current.GetValueOrDefault(cluster.Name);
                var replicas = onCluster[i][k] = model.NewIntVar(0, Math.Min(ranges[i].High, FitsOn(service, cluster.CpuCapacity)), string.Empty);
                cpuByCluster[allowed[i][k]].Add((replicas, CpSat.Demand(service.CpuPerReplica, CpuScale)));
                // |r − p| on this cluster through d ≥ r − p and d ≥ p − r.
                var change = model.NewIntVar(0, Math.Max(ranges[i].High, was), string.Empty);
                model.Add(change >= replicas - was);
                model.Add(change >= was - replicas);
                // w_util per CPU held, plus w_carbon per CPU held in proportion to the cluster's carbon per core.
                objectiveVars.Add(replicas);
                objectiveCoefficients.Add(Cost((problem.Weights.Utilisation + problem.Weights.Carbon * carbonShare[allowed[i][k]]) * service.CpuPerReplica / cpuRange[i])
                    + FewerReplicasOnTies);
                objectiveVars.Add(change);
                objectiveCoefficients.Add(Cost(problem.Weights.Transition / Math.Max(1, ranges[i].High)));
            }

            // Spreading: at least MinClusters of its clusters run a replica (used_k ≤ r_k, Σ used_k ≥ MinClusters).
            if (problem.Services[i].MinClusters > 1)
            {
                var used = onCluster[i].Select(replicas =>
                {
                    var runs = model.NewBoolVar(string.Empty);
                    model.Add(replicas >= 1).OnlyEnforceIf(runs);
                    return runs;
                }).ToArray();
                model.Add(LinearExpr.Sum(used) >= problem.Services[i].MinClusters);
            }

            // Replicas carry the load: α·r + β ≥ rate, folded into the lower bound; min/max bound the total.
            var total = LinearExpr.Sum(onCluster[i]);
            model.AddLinearConstraint(total, ranges[i].Floor, ranges[i].High);
            // Serving overload: the load's replicas become a target; each replica short of it costs more than any
            // decision of the usual objective, weighted by the requests it would carry, so the most requests are served.
            if (ranges[i].Target > ranges[i].Floor)
            {
                var shortfall = model.NewIntVar(0, ranges[i].Target - ranges[i].Floor, string.Empty);
                model.Add(total + shortfall >= ranges[i].Target);
                objectiveVars.Add(shortfall);
                objectiveCoefficients.Add(shortfallCosts[i]);
            }
        }

        for (var e = 0; e < problem.Clusters.Count; e++)
        {
            if (cpuByCluster[e].Count > 0)
            {
                model.Add(LinearExpr.WeightedSum(cpuByCluster[e].Select(p => p.Replicas), cpuByCluster[e].Select(p => p.Cpu))
                    <= CpSat.Capacity(problem.Clusters[e].CpuCapacity, CpuScale));
            }
        }

        model.Minimize(LinearExpr.WeightedSum(objectiveVars, objectiveCoefficients));
        var (solver, outcome) = CpSat.Solve(model, options);
        var status = CpSat.ToSolveStatus(outcome);
        if (status is not (SolveStatus.Optimal or SolveStatus.Feasible))
        {
            return status == SolveStatus.Infeasible
                ? ScalingResult.Failed(SolveStatus.Infeasible, "No replica counts carry every load within the clusters' CPU.", clock.Elapsed)
                : ScalingResult.Failed(SolveStatus.TimedOut, $"No decision within {options.TimeLimit.TotalSeconds:0.###} s.", clock.Elapsed);
        }

        return Result(problem, allowed, ranges, cpuRange, leaving, status, (i, k) => (int)solver.Value(onCluster[i][k]), clock);
    }

    /// <summary>
    /// The cost of one replica short of each service's target: more than the whole usual objective can ever add up
    /// to (so serving comes first), times the requests a replica carries relative to the largest α (so CPU goes where
    /// it serves most). The usual objective's bound is taken from the same coefficients the model uses.
    /// </summary>
    private static long[] ShortfallCosts(MultiClusterScalingProblem problem, List<ScaledService> services, List<ReplicaRange> ranges)
    {
        double usualBound = 0;
        for (var j = 0; j < services.Count; j++)
        {
            var most = Math.Max(ranges[j].High, problem.Services[j].CurrentByCluster.Values.DefaultIfEmpty(0).Max());
            usualBound += problem.Clusters.Count * (Cost(problem.Weights.Utilisation) + Cost(problem.Weights.Carbon) + FewerReplicasOnTies * (double)most
                + Cost(problem.Weights.Transition) * (1 + most / (double)Math.Max(1, ranges[j].High)));
        }

        var largestAlpha = services.Select(s => s.Alpha).DefaultIfEmpty(0).Max();
        return [.. services.Select(service =>
        {
            var servedWeight = largestAlpha > 0 ? Math.Max(1, Math.Round(ShortfallAlphaSteps * service.Alpha / largestAlpha)) : 1;
            return (long)Math.Min(MaxShortfallCost, (usualBound + 1) * servedWeight);
        })];
    }

    // α is weighed in 100 steps; the cap keeps the objective well inside a long however many replicas fall short.
    private const int ShortfallAlphaSteps = 100;
    private const double MaxShortfallCost = 1e13;

    /// <summary>
    /// The decision and its objective terms, from the replicas of service <c>i</c> on its <c>k</c>-th allowed
    /// cluster. <paramref name="leaving"/>: replicas that must leave clusters the service may no longer use cost
    /// their transition regardless.
    /// </summary>
    private static ScalingResult Result(
        MultiClusterScalingProblem problem, List<int[]> allowed, List<ReplicaRange> ranges, double[] cpuRange, double leaving,
        SolveStatus status, Func<int, int, int> replicasAt, Stopwatch clock)
    {
        var services = problem.Services.Select(s => s.Service).ToList();
        var carbonShare = CarbonShares(problem);
        double carbon = 0;
        var byCluster = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        var overloads = new List<ServiceOverload>();
        double utilisation = 0, transition = leaving;
        for (var i = 0; i < services.Count; i++)
        {
            var split = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var k = 0; k < allowed[i].Length; k++)
            {
                var name = problem.Clusters[allowed[i][k]].Name;
                var replicas = replicasAt(i, k);
                split[name] = replicas;
                carbon += problem.Weights.Carbon * carbonShare[allowed[i][k]] * replicas * services[i].CpuPerReplica / cpuRange[i];
                transition += problem.Weights.Transition * Math.Abs(replicas - problem.Services[i].CurrentByCluster.GetValueOrDefault(name)) / Math.Max(1, ranges[i].High);
            }

            totals[services[i].Name] = split.Values.Sum();
            utilisation += problem.Weights.Utilisation * totals[services[i].Name] * services[i].CpuPerReplica / cpuRange[i];
            byCluster[services[i].Name] = split;
            if (ranges[i].Overload(services[i], totals[services[i].Name]) is { } overload)
            {
                overloads.Add(overload);
            }
        }

        var changed = problem.Services.Count(s => totals[s.Service.Name] != s.CurrentByCluster.Values.Sum());
        var reason = $"{changed} of {services.Count} services change their replica count.";
        if (overloads.Count > 0)
        {
            reason += " Overloaded: " + string.Join("; ", overloads.Select(o =>
                $"{o.Service} needs {(o.NeededReplicas is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "more")} replicas, granted {o.GrantedReplicas} ({o.Limit} binds)")) + ".";
        }

        var objective = new Dictionary<string, double> { [Utilisation] = utilisation, [Transition] = transition };
        if (problem.Weights.Carbon > 0)
        {
            objective[Carbon] = carbon;
        }

        return new ScalingResult(status, totals, objective, clock.Elapsed, reason)
        {
            ReplicasByCluster = byCluster,
            Overloads = overloads,
        };
    }

    /// <summary>
    /// The optimum without the solver, when one exists that way: on one cluster the objective is a sum of one convex
    /// piecewise-linear term per service (slope w_util − w_trans below the current replicas, w_util + w_trans
    /// above), so each service's best count is its lower bound, its upper bound or its current count, priced with
    /// the model's own integer coefficients. When those counts fit the cluster's CPU together — the usual case:
    /// the CPU constraint is the only thing that couples the services — they are the model's optimum, found in
    /// microseconds instead of a CP-SAT solve per tick. Null when they do not fit: then the solver decides.
    /// </summary>
    private static int[]? SeparableOptimum(MultiClusterScalingProblem problem, List<ReplicaRange> ranges, double[] cpuRange)
    {
        var capacity = problem.Clusters[0].CpuCapacity;
        var replicas = new int[problem.Services.Count];
        long cpu = 0;
        for (var i = 0; i < replicas.Length; i++)
        {
            var service = problem.Services[i].Service;
            var current = problem.Services[i].CurrentByCluster.Values.Sum();
            // The load's replicas as the lower bound: if every service's fit together, none falls short.
            var (low, high) = (ranges[i].Target, Math.Min(ranges[i].High, FitsOn(service, capacity)));
            if (low > high)
            {
                return null;
            }

            var perReplica = Cost(problem.Weights.Utilisation * service.CpuPerReplica / cpuRange[i]) + FewerReplicasOnTies;
            var perChange = Cost(problem.Weights.Transition / Math.Max(1, ranges[i].High));
            long Price(int r) => perReplica * r + perChange * Math.Abs(r - current);
            replicas[i] = new[] { low, Math.Clamp(current, low, high), high }.OrderBy(Price).ThenBy(r => r).First();
            cpu += CpSat.Demand(service.CpuPerReplica, CpuScale) * replicas[i];
        }

        return cpu <= CpSat.Capacity(capacity, CpuScale) ? replicas : null;
    }

    /// <summary>
    /// Each cluster's carbon per core relative to the dirtiest cluster's (0 to 1), so the carbon term shares the
    /// utilisation term's scale whatever the grid's units; all 0 when no cluster's carbon is known.
    /// </summary>
    private static double[] CarbonShares(MultiClusterScalingProblem problem)
    {
        var dirtiest = problem.Clusters.Select(c => c.CarbonKgPerCoreHour).DefaultIfEmpty(0).Max();
        return [.. problem.Clusters.Select(c => dirtiest > 0 ? c.CarbonKgPerCoreHour / dirtiest : 0)];
    }

    /// <summary>Replicas of the service one cluster's CPU could ever hold.</summary>
    private static int FitsOn(ScaledService service, double cpuCapacity) =>
        service.CpuPerReplica > 0 ? (int)Math.Min(int.MaxValue, CpSat.Capacity(cpuCapacity, CpuScale) / CpSat.Demand(service.CpuPerReplica, CpuScale)) : int.MaxValue;

    /// <summary>Max replicas, capped by what the clusters' CPU could ever hold (keeps the normalisers finite).</summary>
    private static int EffectiveMax(ScaledService service, IEnumerable<double> cpuCapacities) =>
        (int)Math.Min(service.MaxReplicas, cpuCapacities.Sum(c => (long)FitsOn(service, c)));

    private static int[] AllowedClusters(SplitService service, IReadOnlyList<ScalingCluster> clusters) =>
        Enumerable.Range(0, clusters.Count)
            .Where(e => service.AllowedClusters.Count == 0 || service.AllowedClusters.Contains(clusters[e].Name))
            .Where(e => !service.Service.NeedsAcceleration || clusters[e].HasAcceleration)
            .ToArray();

    private static IEnumerable<string> ClusterProblems(MultiClusterScalingProblem problem)
    {
        if (problem.Clusters.Count == 0)
        {
            yield return "clusters is empty; at least one cluster is needed.";
        }

        foreach (var (cluster, e) in problem.Clusters.Select((c, e) => (c, e)).Where(p => !double.IsFinite(p.c.CarbonKgPerCoreHour) || p.c.CarbonKgPerCoreHour < 0))
        {
            yield return $"clusters[{e}] '{cluster.Name}': carbonKgPerCoreHour is {cluster.CarbonKgPerCoreHour.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must be a finite number of at least 0.";
        }

        if (!double.IsFinite(problem.Weights.Carbon) || problem.Weights.Carbon < 0)
        {
            yield return $"weights: carbon is {problem.Weights.Carbon.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must be a finite number of at least 0.";
        }

        var names = problem.Clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        if (names.Count != problem.Clusters.Count)
        {
            yield return "clusters: a cluster name appears more than once.";
        }

        foreach (var unknown in problem.Services.SelectMany(s => s.AllowedClusters.Select(c => (s.Service.Name, Cluster: c))).Where(p => !names.Contains(p.Cluster)))
        {
            yield return $"services '{unknown.Name}': allowed cluster '{unknown.Cluster}' is not among the clusters.";
        }
    }

    private static string? Obstacle(MultiClusterScalingProblem problem, List<int[]> allowed, List<ReplicaRange> ranges, bool singleCluster)
    {
        for (var i = 0; i < problem.Services.Count; i++)
        {
            var service = problem.Services[i].Service;
            var clusterNames = string.Join(", ", allowed[i].Select(e => problem.Clusters[e].Name));
            if (allowed[i].Length == 0)
            {
                return singleCluster || service.NeedsAcceleration
                    ? $"{service.Name} needs acceleration; {(singleCluster ? "this cluster has none" : "none of its clusters offers it")}."
                    : $"{service.Name} may use none of the clusters.";
            }

            if (problem.Services[i].MinClusters > allowed[i].Length)
            {
                return $"{service.Name} must run on at least {problem.Services[i].MinClusters} clusters (spread) but may use {allowed[i].Length}: {clusterNames}.";
            }

            if (ranges[i].Floor > ranges[i].High)
            {
                var needed = service.ReplicasForLoad();
                var cpu = Format(allowed[i].Sum(e => problem.Clusters[e].CpuCapacity));
                var where = singleCluster ? $"here (maxReplicas {service.MaxReplicas}, cluster CPU {cpu})" : $"on {clusterNames} (maxReplicas {service.MaxReplicas}, their CPU {cpu})";
                if (ranges[i].Floor == service.MinReplicas && needed < service.MinReplicas)
                {
                    return $"{service.Name} must run at least {service.MinReplicas} replicas (minReplicas) but may run at most {ranges[i].High} {where}.";
                }

                return needed == int.MaxValue
                    ? $"{service.Name} cannot carry {Format(service.RateToCarry)} req/s: its capacity model (α={Format(service.Alpha)}, β={Format(service.Beta)}) never reaches it."
                    : $"{service.Name} needs {needed} replicas for {Format(service.RateToCarry)} req/s (α={Format(service.Alpha)}, β={Format(service.Beta)}) but may run at most {ranges[i].High} {where}.";
            }
        }

        var cpuNeeded = problem.Services.Select((s, i) => ranges[i].Floor * s.Service.CpuPerReplica).Sum();
        var cpuOffered = problem.Clusters.Sum(c => c.CpuCapacity);
        return cpuNeeded > cpuOffered
            ? $"{(problem.ServeOverload ? "Running every service's minimum" : "Carrying every load")} needs {Format(cpuNeeded)} CPU; {(singleCluster ? "the cluster offers" : "the clusters offer")} {Format(cpuOffered)}."
            : null;
    }

    private static long Cost(double weight) => (long)Math.Round(weight * ObjectiveScale);

    private static string Format(double value) => CpSat.Format(value);

    /// <summary>
    /// The replicas a service may get: at least <see cref="Floor"/> (its minimum, and — unless overload is served —
    /// what its load needs), at most <see cref="High"/> (its maximum and what the clusters' CPU could hold), and
    /// <see cref="Target"/>, what the load needs within those, below which a served overload falls short.
    /// </summary>
    private readonly record struct ReplicaRange(int Floor, int Target, int High, int Needed)
    {
        public static ReplicaRange Of(ScaledService service, int needed, int high, bool serveOverload)
        {
            var carrying = Math.Max(service.MinReplicas, needed);
            return serveOverload
                ? new ReplicaRange(service.MinReplicas, Math.Max(service.MinReplicas, Math.Min(carrying, high)), high, needed)
                : new ReplicaRange(carrying, carrying, high, needed);
        }

        /// <summary>The overload of a decision granting <paramref name="granted"/> replicas, or null when the load is carried.</summary>
        public ServiceOverload? Overload(ScaledService service, int granted)
        {
            if (granted >= Needed)
            {
                return null;
            }

            var limit = granted >= service.MaxReplicas ? ServiceOverload.MaxReplicasLimit : ServiceOverload.CpuLimit;
            return new ServiceOverload(service.Name, Needed == int.MaxValue ? null : Needed, granted, limit);
        }
    }
}
