using System.Diagnostics;
using System.Text.Json;
using Smo.Adapters;
using Smo.Adapters.Karmada;
using Smo.Adapters.Prometheus;
using Smo.Durable;
using Smo.Orchestrations.Graphs.Translation;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Strategies;
using Smo.Store.Clusters;
using Smo.Store.Decisions;
using Smo.Store.Graphs;

namespace Smo.Orchestrations.Graphs.Activities;

/// <summary>
/// One scaling tick: per cluster the graph uses, the request rates of its installed services (Prometheus), their
/// replicas now (Karmada), a decision by the graph's scaling strategy within the cluster's CPU, the scale calls,
/// and the decision recorded with its latency from the trigger to the first scale call. A service Prometheus has
/// no data for keeps its replicas: no data is not zero load. Scaling down leaves headroom (<see cref="ScalingFloor"/>).
/// An installed service whose Deployment is gone is reported as missing, for the orchestration to reinstall.
/// </summary>
[DurableTask(GraphActivities.ScaleGraph)]
public sealed class ScaleGraphActivity(
    GraphReader reader, ClusterStore clusters, GraphStore graphs, DecisionLog decisions, StrategyRegistry strategies,
    IServiceMetrics metrics, IKarmadaDeployments deployments, GraphDefaults defaults, TimeProvider time) : TaskActivity<ScalingRequest, ScalingOutcome>
{
    public override async Task<ScalingOutcome> RunAsync(TaskActivityContext context, ScalingRequest input)
    {
        var graph = await reader.GetAsync(input.Graph);
        var strategy = strategies.Scaling(graph.Strategies.ScalingStrategy);
        var inventory = (await clusters.ListAsync()).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var changed = new List<string>();
        var reasons = new List<string>();
        var missing = new List<string>();
        foreach (var onCluster in ScaledServices(graph).GroupBy(s => s.Cluster!))
        {
            var started = Stopwatch.GetTimestamp();
            var (problem, held) = await ProblemAsync(graph, onCluster.ToList(), inventory.GetValueOrDefault(onCluster.Key), missing);
            if (problem.Services.Count == 0)
            {
                continue;
            }

            var result = strategy.Decide(problem, new SolverOptions(defaults.ScalingTimeLimit));
            if (result.Status == SolveStatus.Infeasible)
            {
                await RecordAsync(graph, input.Trigger, strategy.Name, problem, result, null, started);
                return new ScalingOutcome(false, true, changed, $"{onCluster.Key}: {result.Reason}") { Missing = missing };
            }

            if (result.Status is not (SolveStatus.Optimal or SolveStatus.Feasible))
            {
                await RecordAsync(graph, input.Trigger, strategy.Name, problem, result, null, started);
                reasons.Add($"{onCluster.Key}: {result.Reason}");
                continue;
            }

            TimeSpan? latency = null;
            foreach (var service in problem.Services.Where(s => result.Replicas[s.Name] != s.CurrentReplicas))
            {
                latency ??= time.GetUtcNow().UtcDateTime - input.RequestedAt;
                await deployments.ScaleAsync(graph.Project, service.Name, result.Replicas[service.Name]);
                changed.Add(service.Name);
            }

            await graphs.SetDesiredReplicasAsync(graph.Name, result.Replicas);
            await RecordAsync(graph, input.Trigger, strategy.Name, problem, result, latency, started);
            reasons.Add($"{onCluster.Key}: {result.Reason}{(held.Count > 0 ? $" No rate data for {string.Join(", ", held)}: replicas kept." : "")}");
        }

        return new ScalingOutcome(true, false, changed, reasons.Count == 0 ? "No installed services to scale." : string.Join(" ", reasons)) { Missing = missing };
    }

    /// <summary>The services a tick decides for — installed on a cluster of the placement; the load watch watches the same.</summary>
    public static IEnumerable<ServiceRecord> ScaledServices(GraphRecord graph) =>
        graph.Services.Where(s => s.Status == ServiceStatus.Deployed && s.Cluster is not null);

    /// <summary>
    /// The services of one cluster with their rates and replicas; services without rate data are held, their CPU kept;
    /// services whose Deployment is gone are added to <paramref name="missing"/> and left out.
    /// </summary>
    private async Task<(ScalingProblem Problem, List<string> Held)> ProblemAsync(
        GraphRecord graph, List<ServiceRecord> services, ClusterRecord? cluster, List<string> missing)
    {
        var scaled = new List<ScaledService>();
        var held = new List<string>();
        double ownCpu = 0, heldCpu = 0;
        foreach (var service in services)
        {
            int replicas;
            try
            {
                replicas = (await deployments.GetReplicasAsync(graph.Project, service.Name)).Desired;
            }
            catch (AdapterException gone) when (gone.Failure == AdapterFailure.NotFound)
            {
                missing.Add(service.Name);
                continue;
            }

            var cpu = service.Resources.CpuCores * replicas;
            ownCpu += cpu;
            if (await metrics.GetRequestRateAsync(service.Name, defaults.RateWindow) is not { } rate)
            {
                held.Add(service.Name);
                heldCpu += cpu;
                continue;
            }

            var model = defaults.ScalingOf(service);
            scaled.Add(new ScaledService(service.Name, service.Resources.CpuCores, rate, replicas, model.Alpha, model.Beta)
            {
                MinReplicas = ScalingFloor.For(model, rate, replicas, defaults.ScaleDownHeadroom),
                MaxReplicas = model.MaxReplicas,
                NeedsAcceleration = service.Resources.Gpu,
            });
        }

        // Karmada's free CPU counts this graph's replicas as used. The decision may spend the free CPU plus what the
        // services it scales hold now; the held services keep theirs, so their share is not on offer.
        var capacity = Math.Max(0, (cluster?.CpuAvailable ?? 0) + ownCpu - heldCpu);
        var weights = new ScalingWeights(
            graph.Strategies.Weights.GetValueOrDefault(WeightTerms.Utilisation, ScalingWeights.Default.Utilisation),
            graph.Strategies.Weights.GetValueOrDefault(WeightTerms.Transition, ScalingWeights.Default.Transition));
        return (new ScalingProblem(scaled, capacity, cluster?.Gpu ?? false) { Weights = weights }, held);
    }

    private Task RecordAsync(
        GraphRecord graph, DecisionTrigger trigger, string strategy, ScalingProblem problem, ScalingResult result, TimeSpan? latency, long started) =>
        decisions.AppendAsync(new NewDecision(graph.Name, DecisionKind.Scaling, strategy, trigger,
            JsonSerializer.SerializeToElement(problem, DecisionRecording.Json),
            JsonSerializer.SerializeToElement(new { result.Replicas, decisionLatencyMs = latency?.TotalMilliseconds }, DecisionRecording.Json),
            result.Objective,
            DecisionRecording.Status(result.Status),
            result.Reason,
            Stopwatch.GetElapsedTime(started)));
}
