using Microsoft.Azure.Functions.Worker;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Smo.Adapters.Karmada;
using Smo.Adapters.Prometheus;
using Smo.Functions.Forecasting;
using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Placement;
using Smo.Functions.Telemetry;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Explanations;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;
using Smo.Solver.Strategies;
using Smo.Store.Clusters;
using Smo.Store.Decisions;
using Smo.Store.Forecasts;
using Smo.Store.Graphs;

namespace Smo.Functions.Scaling;

/// <summary>
/// One scaling tick: the graph and the clusters read once from the store; the replicas of every Deployment of the
/// graph's namespace read in one list call, and the request rates of all its installed services in one query, both
/// at once (the rates of the graph's own namespace only); then per cluster the graph uses, a decision by the graph's
/// scaling strategy within the cluster's CPU, the scale calls (in parallel), and the decision recorded with its
/// latency from the trigger to the first scale call.
/// A service Prometheus has no data for keeps its replicas: no data is not zero load. Scaling down leaves headroom
/// (<see cref="ScalingFloor"/>). Replicas not ready a pod start delay after the service's last rollout hold no CPU
/// (Pending on a full cluster) and count so. A load beyond a service's maximum or its cluster's CPU is served as far
/// as they allow and recorded as Overloaded; that, or a cluster that cannot run its services at all, asks for a
/// re-placement sized by the load — and the graph's other clusters are decided all the same. An installed service
/// whose Deployment is not in the list is reported as missing, for the orchestration to reinstall; one whose replicas
/// Karmada has not as Smo decided them, as drifted (<see cref="ReplicaDriftCheck"/>).
/// A graph scaled by a predictive strategy also gets each service's forecast (<see cref="ServiceForecasts"/>), settles
/// the forecasts earlier ticks made for a time now reached, and records its own (<see cref="ForecastRecording"/>).
/// </summary>
public sealed partial class ScaleGraphActivity(
    GraphReader reader, ClusterStore clusters, GraphStore graphs, DecisionLog decisions, StrategyRegistry strategies,
    IServiceMetrics metrics, IKarmadaDeployments deployments, IKarmadaResourceBindings bindings, DivisionRollout divisions,
    ServiceForecasts forecasting, ForecastLog forecasts, GraphDefaults defaults, TimeProvider time, SmoMetrics smoMetrics)
{
    /// <summary>Scale calls in flight at once: a large graph's changes are not made one by one, nor do they flood Karmada.</summary>
    private const int ConcurrentScaleCalls = 8;

    private const string NothingToScale = "No installed services to scale.";

    [Function(GraphActivities.ScaleGraph)]
    public async Task<ScalingOutcome> RunAsync([ActivityTrigger] ScalingRequest input, CancellationToken cancellationToken)
    {
        var graph = await reader.GetAsync(input.Graph);
        var strategy = strategies.Scaling(graph.Strategies.ScalingStrategy);
        var interval = strategy.DecisionInterval ?? graph.Strategies.ScalingInterval;
        var inventory = (await clusters.ListAsync()).ToDictionary(c => c.Name, StringComparer.Ordinal);
        // Level-triggered: the clusters read for the decision say as well whether a service must leave a failed one.
        var stranded = StrandedServices.Of(graph.Services, inventory.Values);
        var services = ScaledServices(graph).ToList();
        if (services.Count == 0)
        {
            return new ScalingOutcome(true, false, [], NothingToScale) { Interval = interval, Stranded = stranded };
        }

        var reading = Stopwatch.GetTimestamp();
        var observed = await ObserveAsync(graph, services, cancellationToken);
        var tick = new TickOutcome();
        if (strategy is PredictiveScaling predictive)
        {
            observed = await ForecastAsync(graph, predictive, observed, tick, cancellationToken);
        }

        var readTime = Stopwatch.GetElapsedTime(reading);
        // Divided services and the services sharing their clusters are decided together; the others cluster by cluster.
        var joint = JointServices(services);
        if (joint.Count > 0)
        {
            await DecideJointlyAsync(graph, input, strategy, joint, inventory, observed, readTime, tick, cancellationToken);
        }

        var jointNames = joint.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var onCluster in services.Where(s => !jointNames.Contains(s.Name)).GroupBy(s => s.Cluster!))
        {
            var started = Stopwatch.GetTimestamp();
            var (problem, held) = Problem(graph, onCluster.ToList(), inventory.GetValueOrDefault(onCluster.Key), observed, tick);
            if (problem.Services.Count == 0)
            {
                continue;
            }

            var result = strategy.Decide(problem, new SolverOptions(defaults.ScalingTimeLimit));
            if (result.Status is not (SolveStatus.Optimal or SolveStatus.Feasible))
            {
                // Nothing to apply on this cluster; the graph's other clusters are still decided.
                await RecordAsync(graph, input, strategy.Name, problem, result, Explain(graph, problem, result), null, readTime + Stopwatch.GetElapsedTime(started),
                    Forecasts(tick, problem.Services.Select(s => s.Name)));
                tick.Reasons.Add($"{onCluster.Key}: {result.Reason}");
                tick.NeedsReplacement |= result.Status == SolveStatus.Infeasible;
                continue;
            }

            var scaling = problem.Services.Where(s => result.Replicas[s.Name] != s.CurrentReplicas).Select(s => s.Name).ToList();
            TimeSpan? latency = scaling.Count > 0 ? time.GetUtcNow().UtcDateTime - input.RequestedAt : null;
            // A run whose lease is lost stops calling Karmada; the run that owns the tick now decides anew.
            await Parallel.ForEachAsync(scaling, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentScaleCalls, CancellationToken = cancellationToken },
                async (service, cancellationToken) => await deployments.ScaleAsync(graph.Project, service, result.Replicas[service], cancellationToken));
            tick.Changed.AddRange(scaling);

            // Guarded by the versions read: a run that lost its lease cannot overwrite a newer decision's replicas.
            await graphs.SetDesiredReplicasAsync(graph.Name, result.Replicas, onCluster.ToDictionary(s => s.Name, s => s.Version), CancellationToken.None);
            foreach (var (service, replicas) in result.Replicas)
            {
                tick.Decided[service] = replicas;
            }

            await RecordAsync(graph, input, strategy.Name, problem, result, Explain(graph, problem, result), latency, readTime + Stopwatch.GetElapsedTime(started),
                Forecasts(tick, problem.Services.Select(s => s.Name)));
            tick.Overloaded |= result.Overloads.Count > 0;
            tick.Reasons.Add($"{onCluster.Key}: {result.Reason}{(held.Count > 0 ? $" No rate data for {string.Join(", ", held)}: replicas kept." : "")}");
        }

        smoMetrics.RecordScaleActions(graph.Name, tick.Changed.Count);
        var drifted = await ReplicaDriftCheck.FindAsync(graphs, graph, services, observed.Replicas, tick.Decided);
        return new ScalingOutcome(true, tick.NeedsReplacement || tick.Overloaded, tick.Changed, tick.Reasons.Count == 0 ? NothingToScale : string.Join(" ", tick.Reasons))
        {
            Missing = tick.Missing,
            ReplicasDrifted = drifted,
            Overloaded = tick.Overloaded,
            Sizing = tick.Sizing,
            Interval = interval,
            Stranded = stranded,
        };
    }

    /// <summary>The services a tick decides for — installed on a cluster of the placement; the load watch watches the same.</summary>
    public static IEnumerable<ServiceRecord> ScaledServices(GraphRecord graph) =>
        graph.Services.Where(s => s.Status == ServiceStatus.Deployed && s.Cluster is not null);

    /// <summary>
    /// What the tick decides on, in two requests whatever the graph's size — one Deployment list of the graph's
    /// namespace, one rate query for all its services — asked at once.
    /// </summary>
    private async Task<Observation> ObserveAsync(GraphRecord graph, IReadOnlyList<ServiceRecord> services, CancellationToken cancellationToken)
    {
        var replicas = deployments.ListReplicasAsync(graph.Project, cancellationToken);
        // Only the graph's own metrics: its services in its project's namespace.
        var rates = metrics.GetRequestRatesAsync([.. services.Select(s => new ScopedService(graph.Project, s.Name))], defaults.RateWindow, cancellationToken);
        await Task.WhenAll(replicas, rates);
        return new Observation(await replicas, (await rates).ToDictionary(r => r.Key.Service, r => r.Value, StringComparer.Ordinal));
    }

    /// <summary>
    /// The services of one cluster with their rates and replicas; services without rate data are held, their CPU kept;
    /// services whose Deployment is gone are added to the tick's missing and left out. Each service's sizing (the
    /// replicas its load needs, those holding CPU) is added to the tick's, for a re-placement.
    /// </summary>
    private (ScalingProblem Problem, List<string> Held) Problem(
        GraphRecord graph, List<ServiceRecord> services, ClusterRecord? cluster, Observation observed, TickOutcome tick)
    {
        var scaled = new List<ScaledService>();
        var held = new List<string>();
        double ownCpu = 0, heldCpu = 0;
        foreach (var service in services)
        {
            if (!observed.Replicas.TryGetValue(service.Name, out var deployment))
            {
                tick.Missing.Add(service.Name);
                continue;
            }

            var replicas = deployment.Desired;
            var running = Running(service, deployment);
            var cpu = service.Resources.CpuCores * running;
            ownCpu += cpu;
            if (Load(service, observed, replicas, running, tick) is { } load)
            {
                scaled.Add(load);
            }
            else
            {
                held.Add(service.Name);
                heldCpu += cpu;
            }
        }

        // Karmada's free CPU counts this graph's running replicas as used (not the Pending ones). The decision may
        // spend the free CPU plus what the services it scales hold now; the held services keep theirs, so their
        // share is not on offer.
        var capacity = Math.Max(0, (cluster?.CpuAvailable ?? 0) + ownCpu - heldCpu);
        var weights = defaults.Weights.Scaling(graph.Strategies.Weights);
        return (new ScalingProblem(scaled, capacity, cluster?.Gpu ?? false) { Weights = weights, ServeOverload = true }, held);
    }

    /// <summary>
    /// A service's load as the scaling model sees it, from <paramref name="asked"/> replicas of which
    /// <paramref name="running"/> hold CPU; null when Prometheus has no rate for it (its replicas are kept). Either way
    /// its sizing — the replicas its load needs within its bounds, or those it has — goes to the tick's, for a re-placement.
    /// </summary>
    private ScaledService? Load(ServiceRecord service, Observation observed, int asked, int running, TickOutcome tick)
    {
        if (!observed.Rates.TryGetValue(service.Name, out var rate))
        {
            tick.Sizing[service.Name] = new ServiceSizing(Math.Max(1, asked), running);
            return null;
        }

        var model = defaults.ScalingOf(service);
        var forecast = observed.ActOnForecasts ? observed.Forecasts.GetValueOrDefault(service.Name)?.Forecast : null;
        var load = new ScaledService(service.Name, service.Resources.CpuCores, rate, asked, model.Alpha, model.Beta)
        {
            // From the replicas that run: those that never started carry nothing to keep.
            MinReplicas = ScalingFloor.For(model, rate, running, defaults.ScaleDownHeadroom),
            MaxReplicas = model.MaxReplicas,
            NeedsAcceleration = service.Resources.Gpu,
            // The upper quantile: replicas for the load the forecast cannot rule out, not only the likeliest.
            PredictedRate = forecast?.Upper,
            ForecastMethod = forecast?.Method,
        };
        tick.Sizing[service.Name] = new ServiceSizing(Math.Clamp(load.ReplicasForLoad(), Math.Max(1, model.MinReplicas), Math.Max(1, model.MaxReplicas)), running);
        return load;
    }

    /// <summary>Whether a service's pods may still be starting: less than a pod start delay since its last rollout.</summary>
    private bool Starting(ServiceRecord service) => time.GetUtcNow() - service.RolloutAt < defaults.PodStartDelay;

    /// <summary>
    /// Of <paramref name="asked"/> replicas, those that hold CPU: all while they may still be starting, then only the
    /// ready ones — a replica not ready a pod start delay after the rollout is Pending, most likely for room.
    /// </summary>
    private static int Holding(bool starting, int asked, int ready) => starting ? asked : Math.Min(asked, ready);

    private int Running(ServiceRecord service, DeploymentReplicas deployment) => Holding(Starting(service), deployment.Desired, deployment.Ready);

    private IReadOnlyList<ServiceScalingExplanation> Explain(GraphRecord graph, ScalingProblem problem, ScalingResult result) =>
        DecisionRecording.Explain(graph, problem, result, defaults);

    private Task RecordAsync(
        GraphRecord graph, ScalingRequest request, string strategy, object problem, ScalingResult result,
        IReadOnlyList<ServiceScalingExplanation> explanation, TimeSpan? latency, TimeSpan duration, DecisionForecasts? forecasts)
    {
        var trigger = request.Trigger == ScalingTrigger.Load ? DecisionTrigger.Load : DecisionTrigger.Tick;
        smoMetrics.RecordSolveTime(strategy, DecisionKind.Scaling, result.SolveTime);
        smoMetrics.RecordDecisionLatency(trigger, latency);
        foreach (var error in forecasts?.Errors ?? [])
        {
            smoMetrics.RecordForecastError(error.Method, error.AbsoluteError);
        }

        return decisions.AppendAsync(new NewDecision(graph.Name, DecisionKind.Scaling, strategy, trigger,
            JsonSerializer.SerializeToElement(problem, DecisionRecording.Json),
            JsonSerializer.SerializeToElement(
                new ScalingRecord(
                    result.Replicas, result.ReplicasByCluster.Count > 0 ? result.ReplicasByCluster : null, result.Overloads, latency?.TotalMilliseconds,
                    request.RequestedAt, explanation)
                {
                    Forecasts = forecasts?.Made,
                    ForecastErrors = forecasts?.Errors,
                },
                DecisionRecording.Json),
            result.Objective,
            result.Overloads.Count > 0 ? DecisionStatus.Overloaded : DecisionRecording.Status(result.Status),
            forecasts?.Unforecast is { Count: > 0 } unforecast ? $"{result.Reason} {ForecastRecording.NoForecast(unforecast)}" : result.Reason,
            duration));
    }

    /// <summary>
    /// A scaling decision's result as stored and shown: replicas, what fell short of the load, how long the decision
    /// took and, under a predictive strategy, the forecasts it had and the errors of earlier ones now measured.
    /// </summary>
    private sealed record ScalingRecord(
        IReadOnlyDictionary<string, int> Replicas, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>? ReplicasByCluster,
        IReadOnlyList<ServiceOverload> Overloads, double? DecisionLatencyMs, DateTime RequestedAt,
        IReadOnlyList<ServiceScalingExplanation> Explanation)
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<DecisionForecast>? Forecasts { get; init; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<DecisionForecastError>? ForecastErrors { get; init; }
    }

    /// <summary>What a tick gathers over the graph's clusters.</summary>
    private sealed class TickOutcome
    {
        public List<string> Changed { get; } = [];

        public List<string> Reasons { get; } = [];

        public List<string> Missing { get; } = [];

        public Dictionary<string, int> Decided { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, ServiceSizing> Sizing { get; } = new(StringComparer.Ordinal);

        public bool NeedsReplacement { get; set; }

        public bool Overloaded { get; set; }

        /// <summary>Under a predictive strategy: what it forecast and measured; null under the others.</summary>
        public ForecastRecording? Forecasts { get; set; }
    }

    /// <summary>
    /// A tick's reading: replicas by Deployment name (a name not there has no Deployment), rates by service (a name not
    /// there has no data), and under a predictive strategy the forecasts (given to the model when it acts on them).
    /// </summary>
    private sealed record Observation(IReadOnlyDictionary<string, DeploymentReplicas> Replicas, IReadOnlyDictionary<string, double> Rates)
    {
        public IReadOnlyDictionary<string, TickForecast> Forecasts { get; init; } = new Dictionary<string, TickForecast>();

        public bool ActOnForecasts { get; init; }
    }
}
