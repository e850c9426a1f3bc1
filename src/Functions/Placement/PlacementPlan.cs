using Smo.Adapters;
using Smo.Adapters.Prometheus;
using Smo.Functions.Carbon;
using Smo.Functions.Clusters;
using Smo.Functions.Graphs.Translation;
using Smo.Hdag;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;
using Smo.Solver.Strategies;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Placement;

/// <summary>A placement decided but not applied: where each service would run (null when there is no placement),
/// what the solver saw and said (null for static placement or when no solve happened), and why.</summary>
public sealed record PlacementPlan(IReadOnlyDictionary<string, string>? Placement, PlacementProblem? Problem, PlacementResult? Result, string Reason)
{
    /// <summary>Services whose replicas are divided across clusters: cluster → replicas (their placement is their home).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Divisions { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, int>>();

    /// <summary>The strategy that decided (its canonical name, or <see cref="PlacementPlanner.StaticStrategy"/>); null when refused.</summary>
    public string? Strategy { get; init; }

    /// <summary>
    /// Installed services the plan leaves where they run though their cluster has failed — pinned there, or waiting
    /// for the operator (<c>recoveryPolicy: manual_trigger</c>) — each with why (<see cref="RecoveryHolds"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Held { get; init; } = new Dictionary<string, string>();

    public static PlacementPlan Refused(string reason) => new(null, null, null, reason);
}

/// <summary>
/// Decides a graph's placement without storing or touching anything — static as the descriptor says, or by the
/// named strategy on the inventory read from Karmada now — so the placement activity applies exactly what the
/// what-if API shows.
/// </summary>
/// <param name="metrics">The services' request rates, for their expected utilisation (power); without Prometheus
/// every service counts at full power.</param>
public sealed class PlacementPlanner(
    InventoryNotifier inventory, StrategyRegistry strategies, GraphDefaults defaults, CarbonOptions carbon, TimeProvider time, IServiceMetrics? metrics = null)
{
    public const string StaticStrategy = "static";

    /// <param name="moving">A service an operational policy moves, and the policy (see <see cref="PolicyConstraints"/>).</param>
    /// <param name="options">The solver's time limit, workers and seed; null: <see cref="GraphDefaults.PlacementTimeLimit"/>, one worker.</param>
    /// <param name="sizing">Services sized by their load (see <see cref="PlacementInputs.Build"/>).</param>
    /// <param name="keepRecentMoves">Services that moved within <see cref="CarbonOptions.MinDwell"/> stay where they
    /// are (a carbon- or price-triggered re-placement).</param>
    /// <param name="keepPlaced">Services that have a cluster stay on it when they can (an update placing what it adds).</param>
    /// <param name="hold">A re-placement (not a deploy's, not an update's): services that may stay where they run stay
    /// unless moving improves the objective by more than <see cref="CarbonOptions.Hysteresis"/> (<see cref="PlacementHysteresis"/>).</param>
    /// <param name="holdForOperator">An automatic decision: <c>manual_trigger</c> services on a failed cluster stay
    /// there (<see cref="PlacementPlan.Held"/>) until the operator asks for a placement.</param>
    public async Task<PlacementPlan> PlanAsync(GraphRecord graph, HdaGraph descriptor, string strategyName,
        (string Service, OperationalPolicy Policy)? moving = null, SolverOptions? options = null, IReadOnlyDictionary<string, ServiceSizing>? sizing = null,
        bool keepRecentMoves = false, bool keepPlaced = false, bool hold = false, bool holdForOperator = false, CancellationToken cancellationToken = default)
    {
        var pins = StaticPins(graph, descriptor);
        var allPinned = descriptor.Intent.UseStaticPlacement && pins.Count == graph.Services.Count;
        if (descriptor.Intent.UseStaticPlacement && moving is var (service, policy) && (pins.ContainsKey(service) || allPinned))
        {
            return PlacementPlan.Refused($"Policy '{policy.Id}' cannot move '{service}': the graph uses static placement.");
        }

        if (!allPinned && strategies.UnknownPlacement(strategyName) is { } unknown)
        {
            return PlacementPlan.Refused(unknown);
        }

        var rates = allPinned ? null : RatesAsync(graph, cancellationToken);
        var clusters = await inventory.CurrentAsync(cancellationToken);
        var held = holdForOperator ? RecoveryHolds.Manual(graph, descriptor, clusters) : new Dictionary<string, string>(StringComparer.Ordinal);
        if (moving is var (policyService, _))
        {
            // The descriptor's own policy moving it is as good as the operator asking.
            held.Remove(policyService);
        }

        var pinned = PinnedClusters(graph, pins, clusters, held);
        if (allPinned)
        {
            return new PlacementPlan(pinned, null, null, "Static placement from the descriptor's clustersAffinity.") { Strategy = StaticStrategy, Held = held };
        }

        var strategy = strategies.Placement(strategyName);
        var now = time.GetUtcNow();
        var conditions = new PlacementConditions(now, carbon.PlacementHorizon, await rates!, keepRecentMoves ? now - carbon.MinDwell : null)
        {
            KeepPlaced = keepPlaced,
            Pinned = pinned.Where(pin => !held.ContainsKey(pin.Key)).ToDictionary(pin => pin.Key, pin => pin.Value, StringComparer.Ordinal),
        };
        var placed = held.Count == 0 ? graph : graph with { Services = [.. graph.Services.Where(s => !held.ContainsKey(s.Name))] };
        var plan = Solve(placed, descriptor, clusters, strategy, options ?? new SolverOptions(defaults.PlacementTimeLimit), moving, sizing, conditions, hold);
        plan = (descriptor.Intent.UseStaticPlacement ? AroundPins(plan, placed, conditions.Pinned, strategy.Name) : plan) with { Strategy = strategy.Name };
        return held.Count == 0 ? plan : Holding(plan, graph, held);
    }

    /// <summary>
    /// The plan with the held services where they run: they were not placed, so their failed cluster neither offers
    /// nor takes anything from the others' placement.
    /// </summary>
    private static PlacementPlan Holding(PlacementPlan plan, GraphRecord graph, Dictionary<string, string> held)
    {
        if (plan.Placement is not { } decided)
        {
            return plan with { Held = held };
        }

        var placement = new Dictionary<string, string>(decided, StringComparer.Ordinal);
        var divisions = new Dictionary<string, IReadOnlyDictionary<string, int>>(plan.Divisions, StringComparer.Ordinal);
        foreach (var service in graph.Services.Where(s => held.ContainsKey(s.Name)))
        {
            placement[service.Name] = service.Cluster ?? StrandedServices.ClustersOf(service).First();
            if (service.Division is { } division)
            {
                divisions[service.Name] = division;
            }
        }

        return plan with { Placement = placement, Divisions = divisions, Held = held };
    }

    /// <summary>
    /// The request rates of the graph's deployed services, one query; none when Prometheus is not configured or does
    /// not answer — a placement must not wait on metrics, and without them services count at full power.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, double>> RatesAsync(GraphRecord graph, CancellationToken cancellationToken)
    {
        var deployed = graph.Services.Where(s => s.Status == ServiceStatus.Deployed).Select(s => new ScopedService(graph.Project, s.Name)).ToList();
        if (metrics is null || deployed.Count == 0)
        {
            return new Dictionary<string, double>();
        }

        try
        {
            var rates = await metrics.GetRequestRatesAsync(deployed, defaults.RateWindow, cancellationToken);
            return rates.ToDictionary(r => r.Key.Service, r => r.Value, StringComparer.Ordinal);
        }
        catch (AdapterException)
        {
            return new Dictionary<string, double>();
        }
    }

    private PlacementPlan Solve(
        GraphRecord graph, HdaGraph descriptor, IReadOnlyList<ClusterRecord> clusters, IPlacementStrategy strategy, SolverOptions options,
        (string Service, OperationalPolicy Policy)? moving, IReadOnlyDictionary<string, ServiceSizing>? sizing, PlacementConditions conditions, bool hold)
    {
        var problem = PlacementInputs.Build(graph, descriptor, clusters, defaults.Weights, sizing, conditions);
        var why = "";
        if (conditions.KeepMovedSince is { } since && PlacementInputs.Dwelling(problem, graph, since) is { Count: > 0 } dwelling)
        {
            why = $"Kept where they moved less than {carbon.MinDwell.TotalMinutes:0.#} min ago (minimum dwell): {string.Join(", ", dwelling)}. ";
        }

        if (moving is var (service, policy))
        {
            (var constrained, var policyWhy) = PolicyConstraints.Apply(problem, service, policy, clusters);
            why += policyWhy;
            if (constrained is null)
            {
                return PlacementPlan.Refused(why);
            }

            problem = constrained;
            why += " ";
        }

        // Services spread or too large for any one cluster are divided first (towards cleaner clusters when the
        // strategy is energy-aware); the strategy places the rest on what is left.
        var divided = ReplicaDivision.Decide(problem, options, EnergyAware(strategy) ? MilpScaling.EnergyAwareCarbonWeight : 0);
        var result = divided.Rest.Services.Count == 0
            ? new PlacementResult(SolveStatus.Optimal, new Dictionary<string, string>(), new Dictionary<string, double>(), TimeSpan.Zero, "Nothing else to place.")
            : strategy.Place(divided.Rest, options);
        // The divisions weigh moves already (replicas moved from the current division cost); the hysteresis holds the
        // rest. Services the dwell pinned are held in both placements it compares, so the two never disagree.
        if (hold && divided.Rest.Services.Count > 0)
        {
            result = PlacementHysteresis.Apply(divided.Rest, result, strategy, options, carbon.Hysteresis);
        }

        if (!result.HasPlacement)
        {
            return new PlacementPlan(null, problem, result, why + Join(divided.Reason, result.Reason));
        }

        var placement = new Dictionary<string, string>(result.Assignment, StringComparer.Ordinal);
        foreach (var (dividedService, division) in divided.Divisions)
        {
            placement[dividedService] = DividedPlacement.Home(division);
        }

        return new PlacementPlan(placement, problem, result with { Assignment = placement }, why + Join(divided.Reason, result.Reason))
        {
            Divisions = divided.Divisions,
        };
    }

    /// <summary>Whether the strategy weighs carbon: its divisions prefer cleaner clusters too.</summary>
    public static bool EnergyAware(IPlacementStrategy strategy) => CarbonReoptimiser.EnergyAwareStrategies.Contains(strategy.Name, StringComparer.OrdinalIgnoreCase);

    private static string Join(string first, string second) => first.Length == 0 ? second : $"{first} {second}";

    /// <summary>
    /// Under static placement, the graph's services whose descriptor values give a clustersAffinity, with its clusters
    /// in order (none without static placement). The descriptor's, not the stored values: those carry the cluster Smo's last placement wrote in.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<string>> StaticPins(GraphRecord graph, HdaGraph descriptor) =>
        graph.Services
            .Select(s => (s.Name, Pins: descriptor.Service(s.Name) is { } written ? PlacementValues.StaticPins(descriptor.Intent, written) : []))
            .Where(pin => pin.Pins.Count > 0)
            .ToDictionary(pin => pin.Name, pin => pin.Pins, StringComparer.Ordinal);

    /// <summary>
    /// Where each pinned service goes: the cluster of its pin it runs on while that is available, else the first
    /// available one of its pin; with none available it stays where it runs, held (<paramref name="held"/> gets why; a
    /// service not installed yet goes to the first). A <c>manual_trigger</c> service already held stays where it runs.
    /// </summary>
    private static Dictionary<string, string> PinnedClusters(
        GraphRecord graph, IReadOnlyDictionary<string, IReadOnlyList<string>> pins, IReadOnlyList<ClusterRecord> clusters, Dictionary<string, string> held)
    {
        var available = clusters.Where(c => c.Available).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var placement = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in graph.Services)
        {
            if (!pins.TryGetValue(service.Name, out var pin))
            {
                continue;
            }

            if (held.ContainsKey(service.Name) && service.Cluster is { } waiting)
            {
                placement[service.Name] = waiting;
                continue;
            }

            var current = service.Cluster is { } cluster && pin.Contains(cluster) ? cluster : null;
            var chosen = current is not null && available.Contains(current) ? current : pin.FirstOrDefault(available.Contains);
            if (chosen is null && service.Status == ServiceStatus.Deployed)
            {
                // Held where it runs, as every held service is (even outside its pin, after an update changed it).
                held[service.Name] = RecoveryHolds.PinnedReason(pin);
                chosen = service.Cluster;
            }

            placement[service.Name] = chosen ?? pin[0];
        }

        return placement;
    }

    /// <summary>
    /// Static placement with services that have no clustersAffinity: the strategy placed those around the pinned
    /// ones; a pinned service left out of the decision (its cluster not ready) stays on its pin. The reason says which is which.
    /// </summary>
    private static PlacementPlan AroundPins(PlacementPlan plan, GraphRecord graph, IReadOnlyDictionary<string, string> pinned, string strategy)
    {
        var placed = graph.Services.Where(s => !pinned.ContainsKey(s.Name)).Select(s => s.Name).ToList();
        var why = pinned.Count == 0
            ? $"Static placement, but no service has a clustersAffinity: {strategy} places {string.Join(", ", placed)}. "
            : $"Static placement: {string.Join(", ", pinned.Keys.Order(StringComparer.Ordinal))} from their clustersAffinity; "
                + $"{strategy} places {string.Join(", ", placed)}, which have none. ";
        if (plan.Placement is not { } placement)
        {
            return plan with { Reason = why + plan.Reason };
        }

        var withPins = new Dictionary<string, string>(placement, StringComparer.Ordinal);
        foreach (var (service, cluster) in pinned)
        {
            withPins.TryAdd(service, cluster);
        }

        return plan with { Placement = withPins, Result = plan.Result! with { Assignment = withPins }, Reason = why + plan.Reason };
    }
}
