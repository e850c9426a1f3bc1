using Smo.Functions.Graphs.Translation;
using Smo.Functions.Scaling;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;
using Smo.Store.Graphs;

namespace Smo.Kpi.Replay;

/// <summary>
/// One scaling tick as <see cref="ScaleGraphActivity"/> composes it, on the replay's federation instead of Karmada and
/// Prometheus: per cluster, each service's load (rate, and the forecast's upper quantile when predictive) with the
/// control plane's <see cref="ScalingFloor"/> and <see cref="GraphDefaults.ScalingOf(ScalingParameters?)"/>; replicas
/// not ready a <c>PodStartDelay</c> after the service's last rollout hold no CPU (Pending); the capacity is the
/// cluster's free CPU plus what the graph's running replicas hold; overload is served as far as it can be, and an
/// overloaded or infeasible tick asks for a re-placement sized by the load.
/// Replicated, not called: the activity's composition is private to it and reads the store, Karmada and Prometheus
/// (see the README's KPI section for the exact parts). Divided services are out of the replay's scope.
/// </summary>
public sealed class ReplayedTick(GraphDefaults defaults, IScalingStrategy strategy)
{
    /// <summary>Decides every service's replicas at <paramref name="now"/> from <paramref name="rates"/> and applies them.</summary>
    public TickResult Decide(ReplayWorld world, double now, IReadOnlyDictionary<string, double> rates, IReadOnlyDictionary<string, double>? predicted)
    {
        var result = new TickResult();
        foreach (var onCluster in world.Services.GroupBy(s => s.Cluster, StringComparer.Ordinal))
        {
            var problem = Problem([.. onCluster], world.CpuAvailable(onCluster.Key), now, rates, predicted, result);
            var decision = strategy.Decide(problem, new SolverOptions(defaults.ScalingTimeLimit));
            if (decision.Status is not (SolveStatus.Optimal or SolveStatus.Feasible))
            {
                result.NeedsReplacement |= decision.Status == SolveStatus.Infeasible;
                continue;
            }

            foreach (var service in onCluster)
            {
                if (decision.Replicas.TryGetValue(service.Name, out var replicas) && replicas != service.Desired)
                {
                    service.ScaleTo(replicas, now);
                    result.Changed++;
                }
            }

            result.Overloaded |= decision.Overloads.Count > 0;
        }

        world.Schedule(now);
        return result;
    }

    private ScalingProblem Problem(
        IReadOnlyList<ServiceState> services, double cpuAvailable, double now,
        IReadOnlyDictionary<string, double> rates, IReadOnlyDictionary<string, double>? predicted, TickResult result)
    {
        var scaled = new List<ScaledService>();
        double ownCpu = 0;
        foreach (var service in services)
        {
            var (asked, ready) = service.Observed(now);
            var running = Starting(service, now) ? asked : Math.Min(asked, ready);
            ownCpu += service.Spec.Cpu * running;
            var model = defaults.ScalingOf(new ScalingParameters(service.Spec.Alpha, service.Spec.Beta, service.Spec.MinReplicas, service.Spec.MaxReplicas));
            var rate = rates[service.Name];
            var load = new ScaledService(service.Name, service.Spec.Cpu, rate, asked, model.Alpha, model.Beta)
            {
                MinReplicas = ScalingFloor.For(model, rate, running, defaults.ScaleDownHeadroom),
                MaxReplicas = model.MaxReplicas,
                PredictedRate = predicted?.GetValueOrDefault(service.Name),
            };
            scaled.Add(load);
            result.Sizing[service.Name] = new ServiceSizing(
                Math.Clamp(load.ReplicasForLoad(), Math.Max(1, model.MinReplicas), Math.Max(1, model.MaxReplicas)), running);
        }

        // Every service has a rate in the replay (the trace never stops), so none is held.
        var capacity = Math.Max(0, cpuAvailable + ownCpu);
        return new ScalingProblem(scaled, capacity) { Weights = defaults.Weights.Scaling(NoOwnWeights), ServeOverload = true };
    }

    private bool Starting(ServiceState service, double now) => now - service.RolloutAt < defaults.PodStartDelay.TotalSeconds;

    private static readonly IReadOnlyDictionary<string, double> NoOwnWeights = new Dictionary<string, double>();
}

/// <summary>What a tick did, and what a re-placement would need.</summary>
public sealed class TickResult
{
    public int Changed { get; set; }

    public bool NeedsReplacement { get; set; }

    public bool Overloaded { get; set; }

    public Dictionary<string, ServiceSizing> Sizing { get; } = new(StringComparer.Ordinal);
}
