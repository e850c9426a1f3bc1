using System.Diagnostics;
using System.Reflection;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Smo.Bench.Durable;

/// <summary>
/// The durable-execution suite on the Durable Task SDK and Smo's PostgreSQL backend: each scenario runs on a task hub
/// of its own, with its own schema that is dropped afterwards, and reports only after every instance it started is
/// verified; the PostgreSQL commit ceiling is measured first, on the same server.
/// </summary>
internal sealed partial class DurableSuite(BenchOptions options, ILoggerFactory loggerFactory, ResultWriter results)
{
    public const string SuiteName = "durable";

    /// <summary>Rates and latencies are noisy well above a tenth; more digits would only suggest precision.</summary>
    private const int ReportedDecimals = 1;

    /// <summary>The Durable Task SDK the figures were measured with (its worker and client run in every hub).</summary>
    private static readonly string SdkVersion =
        (typeof(DurableTaskClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0];

    private readonly ILogger _logger = loggerFactory.CreateLogger<DurableSuite>();

    private readonly string _connectionString = options.ConnectionString
        ?? throw new InvalidOperationException("BenchOptions.Parse requires --connection for the durable suite.");

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var ceiling = new PgCommitCeiling(_connectionString);
        IReadOnlyList<IDurableScenario> scenarios =
        [
            new HelloCitiesScenario(options.Instances),
            new ChainScenario(options.ChainLength),
            new FanOutScenario(),
            new PingPongScenario(options.PingPongEvents),
            new TimerLatenessScenario(options.Timers, options.TimerLead, loggerFactory.CreateLogger<TimerLatenessScenario>()),
        ];
        // The ceiling first, on a quiet server, before the scenarios' hubs fill its caches and its WAL.
        IReadOnlyList<(string Name, Func<CancellationToken, Task<ScenarioReport>> Run)> all =
        [
            (ceiling.Name, async token => new ScenarioReport(ceiling.Parameters, await ceiling.RunAsync(token))),
            .. scenarios.Select(s => (s.Name, (Func<CancellationToken, Task<ScenarioReport>>)(token => RunOnHubAsync(s, token)))),
        ];
        var wanted = options.Scenario?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var selected = all.Where(r => wanted is null || wanted.Contains(r.Name, StringComparer.Ordinal)).ToList();
        if (wanted is not null && (selected.Count != wanted.Length || selected.Count == 0))
        {
            LogUnknownScenario(options.Scenario, string.Join(", ", all.Select(r => r.Name)));
            return ExitCodes.Usage;
        }

        MachineInfo machine;
        try
        {
            machine = await MachineInfo.ReadAsync(_connectionString, cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            LogDatabaseUnreachable(exception.Message);
            return ExitCodes.Failed;
        }

        LogMachine(machine.Cores, machine.Fsync!, machine.SynchronousCommit!, options.Hosts);
        var suite = Stopwatch.StartNew();
        var failures = 0;
        foreach (var (name, run) in selected)
        {
            if (!await RunMeasuredAsync(name, run, machine, cancellationToken))
            {
                failures++;
            }
        }

        LogSuiteFinished(selected.Count - failures, failures, suite.Elapsed.TotalSeconds);
        return failures == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>A scenario on a task hub of its own, with the hub's shape added to its parameters.</summary>
    private async Task<ScenarioReport> RunOnHubAsync(IDurableScenario scenario, CancellationToken cancellationToken)
    {
        await using var hub = await BenchHub.StartAsync(_connectionString, scenario.Name, options.Hosts, options.Concurrency, options.Worker == "inprocess", scenario.Register, cancellationToken);
        // host.json's names for the worker's concurrency, which Smo's Functions host maps onto the SDK's options.
        var parameters = new Dictionary<string, object>(scenario.Parameters)
        {
            ["workers"] = hub.Workers,
            ["maxConcurrentActivityFunctions"] = hub.Concurrency.MaximumConcurrentActivityWorkItems,
            ["maxConcurrentOrchestratorFunctions"] = hub.Concurrency.MaximumConcurrentOrchestrationWorkItems,
            ["durableTaskSdk"] = SdkVersion,
            ["worker"] = options.Worker,
        };
        return new ScenarioReport(parameters, await scenario.RunAsync(hub, cancellationToken));
    }

    /// <summary>Runs one scenario within the per-scenario limit and writes its figures; false when it reported nothing.</summary>
    private async Task<bool> RunMeasuredAsync(string name, Func<CancellationToken, Task<ScenarioReport>> run, MachineInfo machine, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.ScenarioTimeout);
        var elapsed = Stopwatch.StartNew();
        LogScenarioStarting(name, MachineInfo.LoadAverage());
        try
        {
            var report = await run(limit.Token);
            foreach (var measurement in report.Measurements)
            {
                var reported = new Dictionary<string, object>(report.Parameters);
                foreach (var (key, value) in measurement.Observed ?? new Dictionary<string, object>())
                {
                    reported[key] = value;
                }

                LogMeasured(measurement.Metric, measurement.Value, measurement.Unit);
                results.Write(new BenchResult(SuiteName, measurement.Metric, Math.Round(measurement.Value, ReportedDecimals), measurement.Unit, reported, machine));
            }

            LogScenarioFinished(name, elapsed.Elapsed.TotalSeconds);
            return true;
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogScenarioTimedOut(name, options.ScenarioTimeout.TotalSeconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogScenarioCancelled(name);
        }
        catch (ScenarioFailedException exception)
        {
            LogScenarioFailed(name, exception.Message);
        }
        catch (Exception exception)
        {
            LogScenarioCrashed(exception, name);
        }

        return false;
    }

    [LoggerMessage(LogLevel.Error, "Unknown scenario {Scenario}; the durable suite has {Scenarios}")]
    private partial void LogUnknownScenario(string? scenario, string scenarios);

    [LoggerMessage(LogLevel.Error, "Cannot reach PostgreSQL: {Reason}")]
    private partial void LogDatabaseUnreachable(string reason);

    [LoggerMessage(LogLevel.Information, "Durable suite on {Cores} cores, PostgreSQL fsync={Fsync} synchronous_commit={SynchronousCommit}, {Hosts} worker host(s)")]
    private partial void LogMachine(int cores, string fsync, string synchronousCommit, int hosts);

    [LoggerMessage(LogLevel.Information, "Scenario {Scenario} starting (load average {LoadAverage})")]
    private partial void LogScenarioStarting(string scenario, string loadAverage);

    [LoggerMessage(LogLevel.Information, "{Metric} = {Value:F1} {Unit}")]
    private partial void LogMeasured(string metric, double value, string unit);

    [LoggerMessage(LogLevel.Information, "Scenario {Scenario} finished in {Seconds:F1} s")]
    private partial void LogScenarioFinished(string scenario, double seconds);

    [LoggerMessage(LogLevel.Error, "Scenario {Scenario} timed out after {Seconds} s; nothing reported")]
    private partial void LogScenarioTimedOut(string scenario, double seconds);

    [LoggerMessage(LogLevel.Error, "Scenario {Scenario} cancelled; nothing reported")]
    private partial void LogScenarioCancelled(string scenario);

    [LoggerMessage(LogLevel.Error, "Scenario {Scenario} failed; nothing reported: {Reason}")]
    private partial void LogScenarioFailed(string scenario, string reason);

    [LoggerMessage(LogLevel.Error, "Scenario {Scenario} crashed; nothing reported")]
    private partial void LogScenarioCrashed(Exception exception, string scenario);

    [LoggerMessage(LogLevel.Information, "Durable suite finished: {Passed} scenario(s) passed, {Failed} failed, {Seconds:F1} s")]
    private partial void LogSuiteFinished(int passed, int failed, double seconds);
}
