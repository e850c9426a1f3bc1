using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using Smo.Bench.Stack;
using Smo.Functions.Graphs.Translation;
using Smo.Hdag.Translation;
using Smo.Kpi.Agreement;
using Smo.Kpi.Replay;
using Smo.Kpi.Scenarios;
using Smo.Kpi.Strategies;
using Smo.Solver.Strategies;

namespace Smo.Bench.Kpi;

/// <summary>
/// The replay checked against the live system (issue 13, point 4): one window of a KPI scenario run live — the host
/// scaling the scenario's graph on the simulator, rates from Prometheus — and replayed from the live state at the
/// window's start (placement, replicas, the tick's phase); each live scaling decision of a service is matched to the
/// replay's nearest in time and the share within one replica printed as <c>kpi_replay_agreement</c>.
/// <c>prepare</c> writes what the stack is started with; <c>compare</c> runs once the stack is up.
/// </summary>
internal sealed partial class KpiLiveSuite(BenchOptions options, ILoggerFactory loggerFactory, ResultWriter results)
{
    public const string SuiteName = "kpi-live";
    public const string Metric = "kpi_replay_agreement";

    private const string Project = "kpi-live";
    private const int ReportedDecimals = 4;
    private const int ShownDisagreements = 20;
    private static readonly TimeSpan DeployTimeout = TimeSpan.FromMinutes(3);

    /// <summary>After the window, for the decisions of its last tick to be recorded.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = loggerFactory.CreateLogger<KpiLiveSuite>();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var (window, live, defaults) = Window();
        if (options.LiveStep == "prepare")
        {
            KpiLiveFiles.Write(options.LiveDirectory!, window, live, options.LeadIn, defaults);
            LogPrepared(window.Name, live.TraceStart / 3600, live.Compression, Path.GetFullPath(options.LiveDirectory!));
            return ExitCodes.Success;
        }

        try
        {
            return await CompareAsync(window, live, defaults, cancellationToken);
        }
        catch (Exception failed) when (failed is HttpRequestException or InvalidOperationException or NpgsqlException or JsonException or TimeoutException)
        {
            LogFailed(failed.Message);
            return ExitCodes.Failed;
        }
    }

    /// <summary>The scenario's window as both runs play it, the services sized as the intents the graph names, and the host's settings.</summary>
    private (KpiScenario Window, LiveWindow Live, GraphDefaults Defaults) Window()
    {
        var scenario = ScenarioFile.Load(options.KpiScenarios!, options.DataDirectory!);
        var live = LiveWindow.Choose(scenario, options.LiveWindow, options.Compression);
        var tables = IntentTables.Original;
        var window = live.Scenario(scenario) with
        {
            Services = [.. live.Scenario(scenario).Services.Select(s => s with
            {
                Cpu = tables.CpuCores[KpiLiveFiles.Size(tables.CpuCores, s.Cpu, "cores", s.Name)],
                MemoryGiB = tables.MemoryGiB[KpiLiveFiles.Size(tables.MemoryGiB, s.MemoryGiB, "GiB", s.Name)],
            })],
        };
        var defaults = new GraphDefaults();
        return (window, live, defaults with { PodStartDelay = scenario.PodStart ?? defaults.PodStartDelay });
    }

    private async Task<int> CompareAsync(KpiScenario window, LiveWindow live, GraphDefaults defaults, CancellationToken cancellationToken)
    {
        using var hostHttp = new HttpClient { BaseAddress = options.Host, Timeout = TimeSpan.FromMinutes(1) };
        using var simulatorHttp = new HttpClient { BaseAddress = options.Simulator };
        await using var dataSource = NpgsqlDataSource.Create(options.ConnectionString!);
        var machine = await MachineInfo.ReadAsync(options.ConnectionString!, cancellationToken);

        // The simulator's time 0 on this machine's clock: the window starts a lead-in after it.
        var state = await simulatorHttp.GetFromJsonAsync<JsonElement>("/sim/state", cancellationToken);
        var windowStart = DateTime.UtcNow - TimeSpan.FromSeconds(state.GetProperty("elapsedSeconds").GetDouble()) + options.LeadIn;
        var windowEnd = windowStart + live.Length;

        var graphs = new GraphApi(hostHttp);
        var graph = await graphs.DeployAsync(Project, await File.ReadAllTextAsync(Path.Combine(options.LiveDirectory!, KpiLiveFiles.GraphFile), cancellationToken), cancellationToken);
        await graphs.WaitRunningAsync(graph, DeployTimeout, cancellationToken);
        if (DateTime.UtcNow > windowStart)
        {
            throw new TimeoutException($"{graph} was running only {(DateTime.UtcNow - windowStart).TotalSeconds:F0} s after the window's start; give a longer --lead-in-s.");
        }

        LogWaiting(graph, (windowStart - DateTime.UtcNow).TotalSeconds, live.Length.TotalMinutes);
        await Task.Delay(windowStart - DateTime.UtcNow, cancellationToken);
        var startState = await StartStateAsync(simulatorHttp, window, cancellationToken);
        await Task.Delay(windowEnd + Settle - DateTime.UtcNow, cancellationToken);

        var liveDecisions = await LiveDecisionsAsync(dataSource, graph, windowStart, windowEnd, cancellationToken);
        var interval = defaults.ScalingInterval.TotalSeconds;
        var firstTick = liveDecisions.Ticks.Count > 0 ? liveDecisions.Ticks.Min() % interval : 0;
        var replayed = new List<DecisionPoint>();
        var strategy = KpiStrategies.Compared(null).Single(s => s.Name == KpiStrategies.Reactive);
        new ReplayEngine(defaults, StrategyRegistry.Builtin(), ReplayOptions.Default)
            .Run(window, strategy, feed: null, startState with { FirstTickAt = firstTick }, replayed);
        var agreement = DecisionAgreement.Compare(liveDecisions.Points, replayed);
        foreach (var pair in agreement.Pairs.Where(p => !p.Agrees).Take(ShownDisagreements))
        {
            LogDisagreement(pair.Live.Service, pair.Live.At, pair.Live.Replicas, pair.Replay?.At ?? double.NaN, pair.Replay?.Replicas ?? -1);
        }

        var parameters = new Dictionary<string, object>
        {
            ["scenario"] = window.Name,
            ["strategy"] = strategy.Name,
            ["trace_start_s"] = live.TraceStart,
            ["window_s"] = live.Length.TotalSeconds,
            ["compression"] = live.Compression,
            ["scaling_interval_s"] = interval,
            ["rate_window_s"] = defaults.RateWindow.TotalSeconds,
            ["pod_start_s"] = defaults.PodStartDelay.TotalSeconds,
            ["live_decisions"] = liveDecisions.Count,
            ["replay_decisions"] = replayed.Select(d => d.At).Distinct().Count(),
            ["compared"] = agreement.Compared,
            ["within_one"] = agreement.Agreeing,
            ["unmatched"] = agreement.Unmatched,
            ["exact"] = agreement.Pairs.Count(p => p.Difference == 0),
        };
        var share = agreement.Compared == 0 ? 0 : agreement.Share;
        results.Write(new BenchResult(KpiSuite.SuiteName, Metric, Math.Round(share, ReportedDecimals), "ratio", parameters, machine));
        LogAgreement(share, agreement.Agreeing, agreement.Compared, liveDecisions.Count);
        return agreement.Compared > 0 ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>Where the graph's services run and with how many replicas at the window's start, from the simulator.</summary>
    private static async Task<ReplayStart> StartStateAsync(HttpClient simulator, KpiScenario window, CancellationToken cancellationToken)
    {
        var state = await simulator.GetFromJsonAsync<JsonElement>("/sim/state", cancellationToken);
        var names = window.Services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var placement = new Dictionary<string, string>(StringComparer.Ordinal);
        var replicas = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var deployment in state.GetProperty("deployments").EnumerateArray())
        {
            var name = deployment.GetProperty("name").GetString()!;
            if (deployment.GetProperty("namespace").GetString() == Project && names.Contains(name)
                && deployment.GetProperty("cluster").GetString() is { } cluster)
            {
                placement[name] = cluster;
                replicas[name] = deployment.GetProperty("desiredReplicas").GetInt32();
            }
        }

        return placement.Count == names.Count
            ? new ReplayStart(placement, replicas)
            : throw new InvalidOperationException($"At the window's start only {string.Join(", ", placement.Keys)} of {string.Join(", ", names)} ran on one cluster each.");
    }

    /// <summary>The host's scaling decisions due within the window (by <c>requestedAt</c>), in seconds from its start.</summary>
    private static async Task<LiveDecisions> LiveDecisionsAsync(
        NpgsqlDataSource dataSource, string graph, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT trigger, (result->>'requestedAt')::timestamptz, (result->'replicas')::text
            FROM smo.decisions
            WHERE kind = 'scaling' AND graph = @graph AND result ? 'replicas'
              AND (result->>'requestedAt')::timestamptz >= @from AND (result->>'requestedAt')::timestamptz < @to
            ORDER BY 2
            """);
        command.Parameters.AddWithValue("graph", graph);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        var points = new List<DecisionPoint>();
        var ticks = new List<double>();
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = (reader.GetDateTime(1).ToUniversalTime() - from).TotalSeconds;
            count++;
            if (reader.GetString(0) == "tick")
            {
                ticks.Add(at);
            }

            var replicas = JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(2)) ?? [];
            points.AddRange(replicas.Select(r => new DecisionPoint(at, r.Key, r.Value)));
        }

        return new LiveDecisions(points, ticks, count);
    }

    private sealed record LiveDecisions(IReadOnlyList<DecisionPoint> Points, IReadOnlyList<double> Ticks, int Count);

    [LoggerMessage(LogLevel.Information, "Prepared {Scenario}: window from trace hour {Hour:F2}, {Compression}x compressed, in {Directory}")]
    private partial void LogPrepared(string scenario, double hour, double compression, string directory);

    [LoggerMessage(LogLevel.Information, "{Graph} running; the window starts in {Seconds:F0} s and lasts {Minutes} min")]
    private partial void LogWaiting(string graph, double seconds, double minutes);

    [LoggerMessage(LogLevel.Information, "Disagreement: {Service} live {LiveReplicas} at {LiveAt:F1} s, replay {ReplayReplicas} at {ReplayAt:F1} s")]
    private partial void LogDisagreement(string service, double liveAt, int liveReplicas, double replayAt, int replayReplicas);

    [LoggerMessage(LogLevel.Information, "kpi_replay_agreement = {Share:P1} ({Agreeing} of {Compared} service decisions within one replica; {Decisions} live decisions)")]
    private partial void LogAgreement(double share, int agreeing, int compared, int decisions);

    [LoggerMessage(LogLevel.Error, "kpi-live failed: {Reason}")]
    private partial void LogFailed(string reason);
}
