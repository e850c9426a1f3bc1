using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using Smo.Bench.Stack;

namespace Smo.Bench.Fleet;

/// <summary>
/// One host scaling a fleet: graphs of five services are deployed through the REST API in steps (100, then up to
/// 300, then up to 1,000 by default), each ticking at the host's scaling interval; after each step settles, a window
/// is measured while a share of the services' loads move. Per step: tick lag (a tick's due time → its decision
/// recorded), decisions per second, and the CPU the host process and PostgreSQL spent in the window. A graph that
/// goes longer than <see cref="BenchOptions.MaxTickGap"/> without a tick's decision fails the run.
/// </summary>
internal sealed partial class FleetSuite(BenchOptions options, ILoggerFactory loggerFactory, ResultWriter results)
{
    public const string SuiteName = "fleet";

    private const int ReportedDecimals = 1;
    private const int ConcurrentDeploys = 8;
    private const int LoadSeed = 1;
    private static readonly TimeSpan StatusPoll = TimeSpan.FromSeconds(2);

    /// <summary>Per graph, on top of a fixed minute: 5 installs, a placement and their orchestration episodes.</summary>
    private static readonly TimeSpan DeployTimePerGraph = TimeSpan.FromSeconds(1);

    private readonly ILogger _logger = loggerFactory.CreateLogger<FleetSuite>();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var hostHttp = new HttpClient { BaseAddress = options.Host, Timeout = TimeSpan.FromMinutes(1) };
        using var simulatorHttp = new HttpClient { BaseAddress = options.Simulator };
        await using var dataSource = NpgsqlDataSource.Create(options.ConnectionString!);
        var graphs = new GraphApi(hostHttp);
        var load = new FleetLoad(new SimulatorControl(simulatorHttp), LoadSeed);
        var ledger = new TickLedger(dataSource);
        try
        {
            var machine = await MachineInfo.ReadAsync(options.ConnectionString!, cancellationToken);
            var deployed = 0;
            var failed = false;
            foreach (var size in options.Graphs.Order())
            {
                await GrowAsync(graphs, load, deployed, size, cancellationToken);
                deployed = size;
                LogWarmingUp(size, options.WarmUp.TotalSeconds);
                await load.MoveForAsync(options.WarmUp, cancellationToken);
                failed |= !await MeasureAsync(ledger, load, size, machine, cancellationToken);
            }

            return failed ? ExitCodes.Failed : ExitCodes.Success;
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or NpgsqlException or JsonException or TimeoutException)
        {
            LogSuiteFailed(exception.Message);
            return ExitCodes.Failed;
        }
    }

    /// <summary>Deploys graphs <paramref name="from"/>..<paramref name="to"/>−1, waits until all run, and gives their services load.</summary>
    private async Task GrowAsync(GraphApi graphs, FleetLoad load, int from, int to, CancellationToken cancellationToken)
    {
        LogDeploying(to - from, to);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from),
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentDeploys, CancellationToken = cancellationToken },
            async (index, token) => await graphs.DeployAsync(FleetGraphs.Project(index), FleetGraphs.Descriptor(index), token));
        await WaitRunningAsync(graphs, to, TimeSpan.FromMinutes(1) + (to - from) * DeployTimePerGraph, cancellationToken);
        LogDeployed(to, Stopwatch.GetElapsedTime(started).TotalSeconds);
        await load.AddAsync(Enumerable.Range(from, to - from).SelectMany(FleetGraphs.Services), cancellationToken);
    }

    private async Task WaitRunningAsync(GraphApi graphs, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var names = Enumerable.Range(0, count).Select(FleetGraphs.Name).ToList();
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var statuses = await graphs.StatusesAsync(cancellationToken);
            if (names.FirstOrDefault(n => statuses.TryGetValue(n, out var s) && s.Status == "Failed") is { } broken)
            {
                throw new InvalidOperationException($"The deploy of {broken} failed: {statuses[broken].FailureReason}");
            }

            var running = names.Count(n => statuses.TryGetValue(n, out var s) && s.Status == "Running");
            if (running == count)
            {
                return;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{running} of {count} graphs were running after {timeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(StatusPoll, cancellationToken);
        }
    }

    /// <summary>Measures one window at <paramref name="size"/> graphs and writes its figures; false when a graph missed its ticks.</summary>
    private async Task<bool> MeasureAsync(TickLedger ledger, FleetLoad load, int size, MachineInfo machine, CancellationToken cancellationToken)
    {
        var hostCpu = ProcessCpu.Seconds(options.HostPid!.Value);
        var dbCpu = ProcessCpu.TreeSeconds(options.DatabasePid!.Value);
        var simulatorCpu = options.SimulatorPid is { } simulatorPid ? ProcessCpu.Seconds(simulatorPid) : 0;
        var machineCpu = ProcessCpu.MachineSeconds();
        var wall = Stopwatch.GetTimestamp();
        var from = await ledger.NowAsync(cancellationToken);
        var movesBefore = load.Moves;
        await load.MoveForAsync(options.MeasureWindow, cancellationToken);
        var to = await ledger.NowAsync(cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(wall).TotalSeconds;
        var hostPercent = (ProcessCpu.Seconds(options.HostPid.Value) - hostCpu) / seconds * 100;
        var dbPercent = (ProcessCpu.TreeSeconds(options.DatabasePid.Value) - dbCpu) / seconds * 100;
        var simulatorPercent = options.SimulatorPid is { } pid ? (ProcessCpu.Seconds(pid) - simulatorCpu) / seconds * 100 : (double?)null;
        var machineAfter = ProcessCpu.MachineSeconds();
        var machinePercent = (machineAfter.Busy - machineCpu.Busy) / (machineAfter.Total - machineCpu.Total) * 100;

        var window = await ledger.ReadAsync(from, to, cancellationToken);
        var lags = window.TickLags();
        var gaps = window.LongestTickGaps(Enumerable.Range(0, size).Select(FleetGraphs.Name));
        var missing = gaps.Where(g => g.Value > options.MaxTickGap).OrderByDescending(g => g.Value).ToList();
        var parameters = new Dictionary<string, object>
        {
            ["graphs"] = size,
            ["services_per_graph"] = FleetGraphs.ServicesPerGraph,
            ["scaling_interval_s"] = options.ScalingInterval!.Value.TotalSeconds,
            ["load_watch_interval_ms"] = options.LoadWatchMilliseconds,
            ["window_s"] = Math.Round(window.Seconds, 1),
            ["expected_ticks"] = (int)(size * window.Seconds / options.ScalingInterval.Value.TotalSeconds),
            ["tick_decisions"] = window.Decisions.Count(d => d.IsTick),
            ["load_decisions"] = window.Decisions.Count(d => d.Trigger == "load"),
            ["load_moves"] = load.Moves - movesBefore,
            ["max_tick_gap_s"] = Math.Round(gaps.Count == 0 ? 0 : gaps.Values.Max().TotalSeconds, 1),
            ["graphs_missing_ticks"] = missing.Count,
            ["cpu_percent_of"] = "one core",
        };
        if (lags.Count > 0)
        {
            var withSamples = new Dictionary<string, object>(parameters) { ["samples"] = lags.Count };
            Write("fleet_tick_lag_ms_p50", Percentiles.Of(lags, 50), Units.Milliseconds, withSamples, machine);
            Write("fleet_tick_lag_ms_p95", Percentiles.Of(lags, 95), Units.Milliseconds, withSamples, machine);
        }

        Write("fleet_decisions_per_s", window.Decisions.Count / window.Seconds, Units.DecisionsPerSecond, parameters, machine);
        Write("fleet_host_cpu_percent", hostPercent, Units.Percent, parameters, machine);
        Write("fleet_db_cpu_percent", dbPercent, Units.Percent, parameters, machine);
        if (simulatorPercent is { } simulator)
        {
            Write("fleet_simulator_cpu_percent", simulator, Units.Percent, parameters, machine);
        }

        // Of all cores: near 100 % the machine, not Smo, sets the pace (the simulator, Prometheus and the bench share it).
        Write("fleet_machine_busy_percent", machinePercent, Units.Percent, new Dictionary<string, object>(parameters) { ["cpu_percent_of"] = "all cores" }, machine);
        foreach (var (graph, gap) in missing.Take(10))
        {
            LogMissedTicks(graph, gap.TotalSeconds, options.MaxTickGap.TotalSeconds);
        }

        return missing.Count == 0 && lags.Count > 0;
    }

    private void Write(string metric, double value, string unit, Dictionary<string, object> parameters, MachineInfo machine)
    {
        var rounded = Math.Round(value, ReportedDecimals);
        results.Write(new BenchResult(SuiteName, metric, rounded, unit, parameters, machine));
        LogMeasured(metric, rounded, unit, (int)parameters["graphs"]);
    }

    [LoggerMessage(LogLevel.Information, "Deploying {Count} graph(s), up to {Total}")]
    private partial void LogDeploying(int count, int total);

    [LoggerMessage(LogLevel.Information, "{Total} graphs running ({Seconds:F0} s)")]
    private partial void LogDeployed(int total, double seconds);

    [LoggerMessage(LogLevel.Information, "{Graphs} graphs: warming up for {Seconds} s")]
    private partial void LogWarmingUp(int graphs, double seconds);

    [LoggerMessage(LogLevel.Information, "{Metric} = {Value} {Unit} ({Graphs} graphs)")]
    private partial void LogMeasured(string metric, double value, string unit, int graphs);

    [LoggerMessage(LogLevel.Error, "Graph {Graph} went {Seconds:F1} s without a tick's decision (limit {Limit} s)")]
    private partial void LogMissedTicks(string graph, double seconds, double limit);

    [LoggerMessage(LogLevel.Error, "Fleet suite failed: {Reason}")]
    private partial void LogSuiteFailed(string reason);
}
