using Smo.Functions.Graphs.Translation;
using Smo.Kpi.Kpis;
using Smo.Kpi.Replay;
using Smo.Kpi.Scenarios;
using Smo.Kpi.Series;
using Smo.Kpi.Strategies;
using Smo.Solver.Forecasting;
using Smo.Solver.Strategies;

namespace Smo.Kpi.Tests;

/// <summary>
/// The replay on scenarios whose answers are known by hand, with the control plane's defaults: ticks every 30 s, a 30 s
/// rate window, a 60 s pod start, 10 % scale-down headroom.
/// </summary>
public sealed class ReplayEngineTests
{
    private static readonly GraphDefaults Defaults = new();
    private static readonly KpiStrategy Reactive = new("smo-milp", "smo-milp", "smo-milp") { LoadWatch = false };

    private static ReplayResult Replay(KpiScenario scenario, KpiStrategy strategy, ReplayOptions? options = null, IRateForecaster? forecaster = null)
    {
        options ??= ReplayOptions.Default;
        var feed = forecaster is null ? null : new ForecastFeed(scenario, forecaster, options.ForecastStep, options.ForecastHistory);
        return new ReplayEngine(Defaults, StrategyRegistry.Builtin(), options).Run(scenario, strategy, feed);
    }

    [Fact]
    public void Replay_of_a_constant_load_allocates_exactly_what_it_needs_and_serves_it_all()
    {
        var scenario = Scenarios.Of(TimeSpan.FromHours(2), [Scenarios.Service("web", Scenarios.Constant(35))], Scenarios.Cluster("a"));

        var result = Replay(scenario, Reactive);

        Assert.Equal(1, result.Kpis[KpiNames.AllocationAccuracy], 12);
        Assert.Equal(0, result.Kpis[KpiNames.UnservedRequestShare]);
        Assert.Equal(0, result.Kpis[KpiNames.UnderProvisionedTimeShare]);
        Assert.Equal(0, result.Kpis[KpiNames.OverProvisionedCpuHours]);
        Assert.Equal(0, result.Kpis[KpiNames.SloViolationTimeShare]);
        Assert.Equal(2 * 3600 / 30, result.Decisions);
    }

    [Fact]
    public void Replay_of_a_reactive_strategy_leaves_a_step_unserved_for_one_tick_and_one_pod_start()
    {
        // 15 → 45 req/s at 600 s (a tick): the tick at 630 s reads 45 over its 30 s window and asks 5 replicas, ready at 690 s.
        var scenario = Scenarios.Of(TimeSpan.FromHours(1), [Scenarios.Service("web", Scenarios.Step(15, 600, 45))], Scenarios.Cluster("a"));

        var result = Replay(scenario, Reactive);

        const double offered = (15 * 600) + (45 * 3000);
        const double unserved = (45 - 20) * 90;
        Assert.Equal(unserved / offered, result.Kpis[KpiNames.UnservedRequestShare], 12);
        Assert.Equal(90.0 / 3600, result.Kpis[KpiNames.UnderProvisionedTimeShare], 12);
        Assert.Equal(90.0 / 3600, result.Kpis[KpiNames.SloViolationTimeShare], 12);
    }

    [Fact]
    public void Replay_with_the_load_watch_answers_a_step_between_ticks()
    {
        // The watch looks every 5 s: at 610 s the window's mean (25) exceeds 2 replicas (20) → 3; at 620 s (35) → 4; the
        // tick at 630 s → 5. Ready a pod start later: 40 req/s short until 670 s, then 15 until 680 s, then 5 until 690 s.
        var scenario = Scenarios.Of(TimeSpan.FromHours(1), [Scenarios.Service("web", Scenarios.Step(15, 600, 45))], Scenarios.Cluster("a"));

        var result = Replay(scenario, Reactive with { LoadWatch = true });

        const double offered = (15 * 600) + (45 * 3000);
        const double unserved = (25 * 70) + (15 * 10) + (5 * 10);
        Assert.Equal(unserved / offered, result.Kpis[KpiNames.UnservedRequestShare], 12);
    }

    [Fact]
    public void Replay_meters_the_energy_and_carbon_of_the_cores_a_graph_holds()
    {
        // 15 req/s on 2 replicas of 1 core (α = 10): 2 cores held, 1.5 busy; 1.5 × (2 × 5 W + 1.5 × (15 − 5) W) = 37.5 W for
        // an hour at 200 g/kWh. The other cluster (too small for the service) holds nothing and draws nothing.
        var scenario = Scenarios.Of(TimeSpan.FromHours(1), [Scenarios.Service("web", Scenarios.Constant(15), cpu: 1)],
            Scenarios.Cluster("a", carbon: 200), Scenarios.Cluster("tiny", cpu: 0.5, carbon: 50));

        var result = Replay(scenario, Reactive);

        const double kwh = 37.5 / 1000;
        const double millions = 15 * 3600 / 1e6;
        Assert.Equal(kwh / millions, result.Kpis[KpiNames.KwhPerMillionRequests], 9);
        Assert.Equal(kwh * 200 / 1000 / millions, result.Kpis[KpiNames.KgCo2PerMillionRequests], 9);
        Assert.Equal(kwh, result.Timeline.CumulativeKwh[^1], 9);
    }

    [Fact]
    public void Replay_of_a_predictive_strategy_with_a_perfect_forecast_is_ready_for_the_step()
    {
        // History every 30 s: at the tick of 540 s the forecast is for 630 s (pod start + interval): 45 → 5 replicas, ready
        // at 600 s. The 3 replicas the load does not yet need cost one minute of over-provisioning.
        var load = Scenarios.Step(15, 600, 45);
        var scenario = Scenarios.Of(TimeSpan.FromHours(1), [Scenarios.Service("web", load)], Scenarios.Cluster("a"));
        var options = ReplayOptions.Default with { ForecastStep = TimeSpan.FromSeconds(30) };
        var oracle = new PerfectForecaster(load, scenario.Start, Defaults.RateWindow);

        var result = Replay(scenario, Reactive with { Name = "predictive", Forecaster = oracle, ForecasterName = "oracle" }, options, oracle);

        Assert.Equal(0, result.Kpis[KpiNames.UnservedRequestShare]);
        Assert.Equal(3 * 0.5 * 60 / 3600, result.Kpis[KpiNames.OverProvisionedCpuHours], 12);
    }

    [Fact]
    public void Replay_replaces_a_service_its_cluster_cannot_carry_onto_one_that_can()
    {
        // Energy-aware deploys on the clean cluster, which holds 2 cores; at 45 req/s the service needs 5: overloaded, the
        // re-placement sized by the load moves it to the large cluster, where its replicas start again.
        var scenario = Scenarios.Of(TimeSpan.FromHours(1), [Scenarios.Service("web", Scenarios.Step(15, 600, 45), cpu: 1)],
            Scenarios.Cluster("clean", cpu: 2, carbon: 20), Scenarios.Cluster("large", cpu: 16, carbon: 400));
        var strategy = new KpiStrategy("energy-aware", "energy-aware", "smo-milp") { LoadWatch = false };

        var result = Replay(scenario, strategy, ReplayOptions.Default with { Sample = TimeSpan.FromMinutes(5) });

        Assert.Equal(1, result.Kpis[KpiNames.Moves]);
        Assert.Equal("clean", result.Timeline.Placement[0][0]);
        Assert.Equal("large", result.Timeline.Placement[^1][0]);
        Assert.True(result.Kpis[KpiNames.UnservedRequestShare] > 0);
    }

    [Fact]
    public void Replay_gives_the_same_kpis_and_timeline_for_the_same_scenario()
    {
        var scenario = Scenarios.Of(TimeSpan.FromDays(1),
            [
                Scenarios.Service("web", new TimeSeries(-3600, 60, SyntheticSeries.Load(1, 60, 25 * 60, 0.6)).ScaledToPeak(80)),
                Scenarios.Service("api", new TimeSeries(-3600, 60, SyntheticSeries.Load(2, 60, 25 * 60, 0.6)).ScaledToPeak(40), cpu: 1),
            ],
            Scenarios.Cluster("a", cpu: 8) with { Carbon = new TimeSeries(-3600, 900, SyntheticSeries.Carbon(3, 900, 100, 300, 150)) },
            Scenarios.Cluster("b", cpu: 8) with { Carbon = new TimeSeries(-3600, 900, SyntheticSeries.Carbon(4, 900, 100, 200, 150)) });
        var strategy = new KpiStrategy("energy-aware", "energy-aware", "smo-milp") { CarbonReoptimisation = true };

        var first = Replay(scenario, strategy);
        var second = Replay(scenario, strategy);

        Assert.Equal(Comparable(first.Kpis), Comparable(second.Kpis));
        Assert.Equal(first.Timeline.AllocatedReplicas, second.Timeline.AllocatedReplicas);
        Assert.Equal(first.Timeline.Placement.Select(p => string.Join(',', p)), second.Timeline.Placement.Select(p => string.Join(',', p)));
        Assert.True(first.Decisions > 2 * 24 * 60, "the load watch adds decisions to the ticks");
    }

    [Fact]
    public void Replay_decides_at_the_scaling_strategys_own_interval_when_it_keeps_one()
    {
        // The graph's interval is 10 s; smo-original keeps the original's 30 s, as the control plane's tick follows it.
        var defaults = new GraphDefaults { ScalingInterval = TimeSpan.FromSeconds(10) };
        var scenario = Scenarios.Of(TimeSpan.FromHours(1), [Scenarios.Service("web", Scenarios.Constant(35))], Scenarios.Cluster("a"));
        var engine = new ReplayEngine(defaults, StrategyRegistry.Builtin(), ReplayOptions.Default);
        var compared = KpiStrategies.Compared(forecaster: null);

        var original = engine.Run(scenario, compared.Single(s => s.Name == KpiStrategies.Original));
        var reactive = engine.Run(scenario, compared.Single(s => s.Name == KpiStrategies.Reactive));

        Assert.Equal(3600 / 30, original.Decisions);
        Assert.Equal(3600 / 10, reactive.Decisions);
    }

    /// <summary>Everything but the decisions' wall-clock times.</summary>
    private static Dictionary<string, double> Comparable(IReadOnlyDictionary<string, double> kpis) =>
        kpis.Where(k => k.Key != KpiNames.DecisionMsP95).ToDictionary(k => k.Key, k => k.Value);

    /// <summary>Knows the future: the rate the window will measure at the forecast's time.</summary>
    private sealed class PerfectForecaster(TimeSeries load, DateTimeOffset start, TimeSpan window) : IRateForecaster
    {
        public RateForecast? Forecast(RateHistory history, TimeSpan horizon)
        {
            var at = history.End + horizon;
            var seconds = (at - start).TotalSeconds;
            var rate = load.MeanOver(seconds - window.TotalSeconds, seconds);
            return new RateForecast(rate, rate, "oracle", at);
        }
    }
}
