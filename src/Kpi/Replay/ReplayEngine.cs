using System.Diagnostics;
using Smo.Functions.Graphs.Translation;
using Smo.Kpi.Agreement;
using Smo.Kpi.Kpis;
using Smo.Kpi.Scenarios;
using Smo.Kpi.Strategies;
using Smo.Solver.Strategies;

namespace Smo.Kpi.Replay;

/// <summary>
/// Replays a scenario in virtual time with one strategy, as the control plane would run it: the graph deployed by the
/// strategy's placement, already running what the load before the window needed; a scaling tick every decision
/// interval (and, with the load watch, between ticks when a rate exceeds what the replicas carry), each deciding from
/// the rate over the control plane's rate window (and the forecast, when predictive); an overloaded or infeasible tick
/// re-placing the graph sized by the load, at most once per futile-replacement pause while nothing moves; energy-aware
/// graphs re-placed when carbon moves. Each step serves what the ready replicas carry and meters it (<see cref="KpiMeter"/>).
/// Deterministic: the same scenario and strategy give the same KPIs (but for the decisions' wall-clock times).
/// </summary>
public sealed class ReplayEngine(GraphDefaults defaults, StrategyRegistry registry, ReplayOptions options)
{
    /// <summary>The orchestrator's pause after a re-placement that moved nothing (GraphLifecycle.FutileReplacementPause).</summary>
    private static readonly TimeSpan MinFutileReplacementPause = TimeSpan.FromMinutes(1);
    private const int FutileReplacementTicks = 10;

    /// <param name="start">Where a replay that follows a live run starts from; null: placed and sized by the replay.</param>
    /// <param name="decisions">When given, every service's replicas after each decision are added to it.</param>
    public ReplayResult Run(
        KpiScenario scenario, KpiStrategy strategy, ForecastFeed? feed = null, ReplayStart? start = null, ICollection<DecisionPoint>? decisions = null)
    {
        var scaling = registry.Scaling(strategy.Scaling);
        // As the tick schedules itself: the scaling strategy's own interval when it keeps one, else the graph's.
        var interval = (strategy.DecisionInterval ?? scaling.DecisionInterval ?? defaults.ScalingInterval).TotalSeconds;
        var podStart = scenario.PodStart ?? defaults.PodStartDelay;
        var step = options.Step.TotalSeconds;
        RequireMultiple(interval, step, "The decision interval");
        RequireMultiple(podStart.TotalSeconds, step, "The pod start");
        if (strategy.Forecaster is not null && feed is null)
        {
            throw new ArgumentException($"{strategy.Name} is predictive: it needs a forecast feed.", nameof(feed));
        }

        var placement = new ReplayedPlacement(defaults, registry.Placement(strategy.Placement));
        var deployed = placement.Deploy(scenario);
        if (!deployed.HasPlacement)
        {
            throw new InvalidOperationException($"{strategy.Name} cannot deploy {scenario.Name}: {deployed.Reason}");
        }

        var world = new ReplayWorld(scenario, podStart, start?.Placement ?? deployed.Assignment);
        var meter = new KpiMeter();
        var run = new Readings(strategy, world, feed, defaults.RateWindow, podStart + TimeSpan.FromSeconds(interval));
        world.StartRunning(start?.Replicas ?? world.Services.ToDictionary(s => s.Name, s => KpiMeter.Needed(run.Rates(0)[s.Name], Step(s, 0, 0))), 0);

        var tick = new ReplayedTick(defaults, scaling);
        var watch = strategy.LoadWatch ? new ReplayedLoadWatch(defaults) : null;
        var carbon = strategy.CarbonReoptimisation ? new CarbonReoptimisation() : null;
        carbon?.Placed(world, 0);
        var futilePause = Math.Max(interval * FutileReplacementTicks, MinFutileReplacementPause.TotalSeconds);
        var replaceAgainAt = double.NegativeInfinity;
        var nextTick = start is null ? 0.0 : Math.Round(start.FirstTickAt / step) * step;
        var (decided, replacements) = (0, 0);
        var timeline = new Timeline(options.Sample.TotalSeconds, [.. scenario.Services.Select(s => s.Name)]);
        var steps = (long)Math.Round(scenario.Duration.TotalSeconds / step);
        for (long i = 0; i < steps; i++)
        {
            var now = i * step;
            var ticking = now >= nextTick;
            if (ticking)
            {
                nextTick += interval;
            }

            if (ticking || watch?.Look(world, now, run.Rates(now)) == true)
            {
                // Forecasts are made once per history step and shared between strategies: not part of a decision's time.
                var (rates, predicted) = (run.Rates(now), run.Predicted(now));
                var started = Stopwatch.GetTimestamp();
                var outcome = tick.Decide(world, now, rates, predicted);
                decided++;
                foreach (var service in world.Services)
                {
                    decisions?.Add(new DecisionPoint(now, service.Name, service.Desired));
                }

                if ((outcome.NeedsReplacement || outcome.Overloaded) && !(now < replaceAgainAt))
                {
                    var moved = placement.Replace(scenario, world, now, rates, outcome.Sizing);
                    meter.Moves += moved.Count;
                    replacements++;
                    replaceAgainAt = moved.Count > 0 ? double.NegativeInfinity : now + futilePause;
                    carbon?.Placed(world, now);
                }

                meter.Decision(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            if (carbon?.Due(world, now) == true)
            {
                var started = Stopwatch.GetTimestamp();
                meter.Moves += placement.Replace(scenario, world, now, run.Rates(now), sizing: null, CarbonReoptimisation.Dwelling(world, now)).Count;
                replacements++;
                carbon.Placed(world, now);
                meter.Decision(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            world.Schedule(now);
            Measure(world, meter, timeline, now, step);
        }

        return new ReplayResult(strategy.Name, meter.Kpis(), timeline, decided, replacements) { Forecaster = strategy.ForecasterName };
    }

    /// <summary>Serves and meters one step from <paramref name="now"/>: each service, the graph, each cluster.</summary>
    private static void Measure(ReplayWorld world, KpiMeter meter, Timeline timeline, double now, double step)
    {
        var held = new Dictionary<string, double>(StringComparer.Ordinal);
        var busy = new Dictionary<string, double>(StringComparer.Ordinal);
        double offered = 0, served = 0, needed = 0, allocated = 0;
        foreach (var service in world.Services)
        {
            var load = service.Spec.Load.MeanOver(now, now + step);
            var at = Step(service, service.Ready(now), service.Scheduled);
            var carried = meter.Service(step, load, at);
            var capacity = KpiMeter.Capacity(at);
            offered += load;
            served += carried;
            needed += KpiMeter.Needed(load, at);
            allocated += at.Allocated;
            held[service.Cluster] = held.GetValueOrDefault(service.Cluster) + (at.Allocated * at.Cpu);
            busy[service.Cluster] = busy.GetValueOrDefault(service.Cluster) + (capacity > 0 ? carried / capacity * at.Ready * at.Cpu : 0);
        }

        meter.Graph(step, offered, served);
        foreach (var cluster in world.Clusters)
        {
            meter.Cluster(step, new ClusterStep(cluster.Pue, cluster.IdleWattsPerCore, cluster.MaxWattsPerCore,
                held.GetValueOrDefault(cluster.Name), busy.GetValueOrDefault(cluster.Name), cluster.Carbon.ValueAt(now)));
        }

        timeline.Step(now + step, step, needed, allocated, meter, () => [.. world.Services.Select(s => s.Cluster)]);
    }

    private static ServiceStep Step(ServiceState service, int ready, int allocated) =>
        new(service.Spec.Alpha, service.Spec.Beta, service.Spec.MinReplicas, service.Spec.MaxReplicas, service.Spec.Cpu, ready, allocated);

    private static void RequireMultiple(double seconds, double step, string what)
    {
        if (Math.Abs((seconds / step) - Math.Round(seconds / step)) > 1e-9 || seconds <= 0)
        {
            throw new ArgumentException($"{what} ({seconds} s) must be a positive multiple of the replay step ({step} s).");
        }
    }

    /// <summary>What one replay reads at a decision: the rates over the rate window, and forecasts when predictive.</summary>
    private sealed class Readings(KpiStrategy strategy, ReplayWorld world, ForecastFeed? feed, TimeSpan rateWindow, TimeSpan horizon)
    {
        public IReadOnlyDictionary<string, double> Rates(double now) =>
            world.Services.ToDictionary(s => s.Name, s => s.Spec.Load.MeanOver(now - rateWindow.TotalSeconds, now), StringComparer.Ordinal);

        public IReadOnlyDictionary<string, double>? Predicted(double now) => strategy.Forecaster is not null
            ? world.Services
                .Select(s => (s.Name, Forecast: feed!.ForecastAt(s.Spec, now, horizon)))
                .Where(f => f.Forecast is not null)
                .ToDictionary(f => f.Name, f => f.Forecast!.Upper, StringComparer.Ordinal)
            : null;
    }
}
