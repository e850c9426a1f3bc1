using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using Smo.Bench.Stack;

namespace Smo.Bench.Elasticity;

/// <summary>
/// Elasticity of the running system: a graph with one elastic service is deployed through the host's REST API,
/// then the simulator's offered load steps alternately up and down. Per step, on the simulator's clock: the decision
/// latency (load step → first scale call in the step's direction arriving at the simulated Karmada) and, for up
/// steps, the ready latency (load step → the ready replicas reaching what the high level needs); beside them the
/// host's own tick → scale call figure, to tell Smo's share from the metrics pipeline's (scrape, rate window). Each
/// level holds until the deployment settles, so every step starts from a steady state, and a random wait before each
/// step spreads the steps over the phases of the scrape and the tick.
/// </summary>
internal sealed partial class ElasticitySuite(BenchOptions options, ILoggerFactory loggerFactory, ResultWriter results)
{
    public const string SuiteName = "elasticity";

    private const string Project = "bench";

    /// <summary>Latencies on a shared 2-core machine vary by tens of milliseconds; more digits would suggest precision.</summary>
    private const int ReportedDecimals = 1;

    /// <summary>Fixed, so two runs wait the same random times before their steps.</summary>
    private const int PhaseSeed = 1;

    private static readonly TimeSpan DeployTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RemoveTimeout = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger = loggerFactory.CreateLogger<ElasticitySuite>();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var hostHttp = new HttpClient { BaseAddress = options.Host };
        using var simulatorHttp = new HttpClient { BaseAddress = options.Simulator };
        using var prometheusHttp = new HttpClient { BaseAddress = options.Prometheus };
        var simulator = new SimulatorControl(simulatorHttp);
        var graphs = new GraphApi(hostHttp);
        string? graph = null;
        try
        {
            var machine = options.ConnectionString is { } connection
                ? await MachineInfo.ReadAsync(connection, cancellationToken)
                : MachineInfo.Local();
            var timing = new ElasticityTiming(options.ScalingInterval!.Value, options.RateWindow!.Value,
                await PrometheusSettings.ReadScrapeIntervalAsync(prometheusHttp, cancellationToken), options.StepTimeout);
            var podStartDelay = (await simulator.StateAsync(cancellationToken)).PodStartDelaySeconds;

            // The low level from the start, so the first replicas are decided on it.
            await simulator.SetLoadAsync(options.ElasticService, options.LowRate, cancellationToken);
            var name = await graphs.DeployAsync(Project, await File.ReadAllTextAsync(options.Descriptor!, cancellationToken), cancellationToken);
            graph = name;
            var status = await graphs.WaitRunningAsync(name, DeployTimeout, cancellationToken);
            var interval = status.GetProperty("strategies").GetProperty("scalingIntervalSeconds").GetDouble();
            if (interval != timing.ScalingInterval.TotalSeconds)
            {
                LogIntervalMismatch(name, interval, timing.ScalingInterval.TotalSeconds);
                return ExitCodes.Failed;
            }

            if (!await PrometheusSettings.WaitForRateAsync(prometheusHttp, options.ElasticService, timing.RateWindow, DeployTimeout, cancellationToken))
            {
                LogSuiteFailed($"Prometheus reported no request rate for {options.ElasticService} within {DeployTimeout.TotalSeconds} s");
                return ExitCodes.Failed;
            }

            // A whole rate window of samples before the first level is learned.
            await Task.Delay(timing.RateWindow + timing.ScrapeInterval, cancellationToken);

            var runner = new LoadStepRunner(simulator, options.ElasticService, timing,
                (since, token) => graphs.FirstScaleDecisionLatencyAsync(name, since, token));
            if (await CalibrateAsync(runner, cancellationToken) is not var (lowReplicas, highReplicas))
            {
                return ExitCodes.Failed;
            }

            var outcomes = await RunStepsAsync(runner, lowReplicas, highReplicas, cancellationToken);
            var parameters = new Dictionary<string, object>
            {
                ["steps"] = options.LoadSteps,
                ["low_rate_rps"] = options.LowRate,
                ["high_rate_rps"] = options.HighRate,
                ["low_replicas"] = lowReplicas,
                ["high_replicas"] = highReplicas,
                ["scaling_interval_s"] = timing.ScalingInterval.TotalSeconds,
                ["rate_window_s"] = timing.RateWindow.TotalSeconds,
                ["load_watch_interval_ms"] = options.LoadWatchMilliseconds,
                ["scrape_interval_s"] = timing.ScrapeInterval.TotalSeconds,
                ["pod_start_delay_s"] = podStartDelay,
                ["poll_interval_ms"] = ElasticityTiming.PollInterval.TotalMilliseconds,
                ["step_timeout_s"] = timing.StepTimeout.TotalSeconds,
                ["step_phase_jitter_s"] = timing.Period.TotalSeconds,
                ["contrary_scale_writes"] = outcomes.Sum(o => o.Outcome.ContraryWrites),
            };
            return Report(outcomes, parameters, machine) ? ExitCodes.Success : ExitCodes.Failed;
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or NpgsqlException or JsonException or IOException)
        {
            LogSuiteFailed(exception.Message);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogSuiteFailed("a request or the deploy timed out");
            return ExitCodes.Failed;
        }
        finally
        {
            if (graph is not null && !cancellationToken.IsCancellationRequested)
            {
                await RemoveAsync(graphs, graph);
            }
        }
    }

    /// <summary>Learns the replicas each level settles at (and warms up every path on the way): not measured.</summary>
    private async Task<(int Low, int High)?> CalibrateAsync(LoadStepRunner runner, CancellationToken cancellationToken)
    {
        var high = await runner.ChangeLoadAsync(options.HighRate, null, null, cancellationToken);
        var low = await runner.ChangeLoadAsync(options.LowRate, null, null, cancellationToken);
        LogCalibrated(options.LowRate, low.Replicas, options.HighRate, high.Replicas);
        if (!high.Settled || !low.Settled || high.Replicas <= low.Replicas)
        {
            LogCalibrationFailed(high.Settled, low.Settled, low.Replicas, high.Replicas);
            return null;
        }

        return (low.Replicas, high.Replicas);
    }

    private async Task<List<(StepDirection Direction, StepOutcome Outcome)>> RunStepsAsync(
        LoadStepRunner runner, int lowReplicas, int highReplicas, CancellationToken cancellationToken)
    {
        var outcomes = new List<(StepDirection, StepOutcome)>();
        var phases = new Random(PhaseSeed);
        for (var step = 1; step <= options.LoadSteps; step++)
        {
            await Task.Delay(phases.NextDouble() * runner.Timing.Period, cancellationToken);
            var direction = step % 2 == 1 ? StepDirection.Up : StepDirection.Down;
            var (rate, replicas) = direction == StepDirection.Up ? (options.HighRate, highReplicas) : (options.LowRate, lowReplicas);
            var outcome = await runner.ChangeLoadAsync(rate, direction, replicas, cancellationToken);
            outcomes.Add((direction, outcome));
            LogStep(step, direction, rate, outcome.FirstScaleCall?.TotalMilliseconds, outcome.HostTickToScaleCall?.TotalMilliseconds,
                outcome.Ready?.TotalMilliseconds, outcome.Replicas, outcome.Settled);
            if (outcome.ContraryWrites > 0)
            {
                LogContraryWrites(step, outcome.ContraryWrites);
            }
        }

        return outcomes;
    }

    /// <summary>Writes the metrics; false when a step failed (no scale call, replicas not ready, or never settled).</summary>
    private bool Report(List<(StepDirection Direction, StepOutcome Outcome)> outcomes, Dictionary<string, object> parameters, MachineInfo machine)
    {
        var failed = outcomes.Count(o => Failed(o.Direction, o.Outcome));
        var decisions = DecisionLatencies(outcomes, null);
        var ready = outcomes.Where(o => o.Outcome.Ready is not null).Select(o => o.Outcome.Ready!.Value.TotalMilliseconds).ToList();
        parameters["failed_steps"] = failed;
        Write("failed_steps", failed, Units.Steps, parameters, machine);
        if (decisions.Count > 0)
        {
            var withSamples = new Dictionary<string, object>(parameters) { ["samples"] = decisions.Count };
            Write("decision_latency_ms_p50", Percentiles.Of(decisions, 50), Units.Milliseconds, withSamples, machine);
            Write("decision_latency_ms_p95", Percentiles.Of(decisions, 95), Units.Milliseconds, withSamples, machine);
            Write("decision_latency_ms_max", decisions.Max(), Units.Milliseconds, withSamples, machine);
        }

        // Apart too: the load watch answers rises between ticks, falls wait for a tick.
        foreach (var direction in new[] { StepDirection.Up, StepDirection.Down })
        {
            var latencies = DecisionLatencies(outcomes, direction);
            if (latencies.Count > 0)
            {
                var withSamples = new Dictionary<string, object>(parameters) { ["samples"] = latencies.Count };
                var name = direction.ToString().ToLowerInvariant();
                Write($"decision_latency_{name}_ms_p50", Percentiles.Of(latencies, 50), Units.Milliseconds, withSamples, machine);
                Write($"decision_latency_{name}_ms_p95", Percentiles.Of(latencies, 95), Units.Milliseconds, withSamples, machine);
            }
        }

        var hostShare = outcomes.Where(o => o.Outcome.HostTickToScaleCall is not null).Select(o => o.Outcome.HostTickToScaleCall!.Value.TotalMilliseconds).ToList();
        if (hostShare.Count > 0)
        {
            var withSamples = new Dictionary<string, object>(parameters) { ["samples"] = hostShare.Count };
            Write("tick_to_scale_call_ms_p50", Percentiles.Of(hostShare, 50), Units.Milliseconds, withSamples, machine);
            Write("tick_to_scale_call_ms_p95", Percentiles.Of(hostShare, 95), Units.Milliseconds, withSamples, machine);
        }

        if (ready.Count > 0)
        {
            var withSamples = new Dictionary<string, object>(parameters) { ["samples"] = ready.Count };
            Write("ready_latency_ms_p50", Percentiles.Of(ready, 50), Units.Milliseconds, withSamples, machine);
            Write("ready_latency_ms_p95", Percentiles.Of(ready, 95), Units.Milliseconds, withSamples, machine);
        }

        LogFinished(outcomes.Count - failed, failed);
        return failed == 0;
    }

    private static List<double> DecisionLatencies(List<(StepDirection Direction, StepOutcome Outcome)> outcomes, StepDirection? direction) =>
        outcomes.Where(o => o.Outcome.FirstScaleCall is not null && (direction is null || o.Direction == direction))
            .Select(o => o.Outcome.FirstScaleCall!.Value.TotalMilliseconds)
            .ToList();

    private static bool Failed(StepDirection direction, StepOutcome outcome) =>
        outcome.FirstScaleCall is null || !outcome.Settled || (direction == StepDirection.Up && outcome.Ready is null);

    private void Write(string metric, double value, string unit, Dictionary<string, object> parameters, MachineInfo machine)
    {
        var rounded = Math.Round(value, ReportedDecimals);
        results.Write(new BenchResult(SuiteName, metric, rounded, unit, parameters, machine));
        LogMeasured(metric, rounded, unit);
    }

    private async Task RemoveAsync(GraphApi graphs, string graph)
    {
        try
        {
            if (!await graphs.RemoveAsync(graph, RemoveTimeout, CancellationToken.None))
            {
                LogNotRemoved(graph, RemoveTimeout.TotalSeconds);
            }
        }
        catch (HttpRequestException exception)
        {
            LogNotRemoved(graph, RemoveTimeout.TotalSeconds);
            LogSuiteFailed(exception.Message);
        }
    }

    [LoggerMessage(LogLevel.Error, "Graph {Graph} scales every {Actual} s, not every {Expected} s: the host ignored the scaling interval it was given")]
    private partial void LogIntervalMismatch(string graph, double actual, double expected);

    [LoggerMessage(LogLevel.Information, "Calibrated: {LowRate} req/s settles at {LowReplicas} replica(s), {HighRate} req/s at {HighReplicas}")]
    private partial void LogCalibrated(int lowRate, int lowReplicas, int highRate, int highReplicas);

    [LoggerMessage(LogLevel.Error, "Calibration failed (high settled {HighSettled}, low settled {LowSettled}, replicas low {LowReplicas} high {HighReplicas}): the levels must settle at different replica counts")]
    private partial void LogCalibrationFailed(bool highSettled, bool lowSettled, int lowReplicas, int highReplicas);

    [LoggerMessage(LogLevel.Information, "Step {Step} {Direction} to {Rate} req/s: scale call after {DecisionMs:F0} ms (host: tick to call {HostMs:F0} ms), ready after {ReadyMs:F0} ms, {Replicas} replicas, settled {Settled}")]
    private partial void LogStep(int step, StepDirection direction, int rate, double? decisionMs, double? hostMs, double? readyMs, int replicas, bool settled);

    [LoggerMessage(LogLevel.Warning, "Step {Step}: {Writes} scale call(s) against the step's direction")]
    private partial void LogContraryWrites(int step, int writes);

    [LoggerMessage(LogLevel.Information, "{Metric} = {Value} {Unit}")]
    private partial void LogMeasured(string metric, double value, string unit);

    [LoggerMessage(LogLevel.Information, "Elasticity suite finished: {Succeeded} step(s) measured, {Failed} failed")]
    private partial void LogFinished(int succeeded, int failed);

    [LoggerMessage(LogLevel.Error, "Elasticity suite failed: {Reason}")]
    private partial void LogSuiteFailed(string reason);

    [LoggerMessage(LogLevel.Warning, "Graph {Graph} was not removed within {Seconds} s")]
    private partial void LogNotRemoved(string graph, double seconds);
}
