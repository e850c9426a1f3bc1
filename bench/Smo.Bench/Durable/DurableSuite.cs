using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Smo.Bench.Durable;

/// <summary>
/// The durable-execution suite: each scenario runs on a task hub of its own, with its own schema that is dropped
/// afterwards, and reports only after every instance it started is verified.
/// </summary>
internal sealed partial class DurableSuite(BenchOptions options, ILoggerFactory loggerFactory, ResultWriter results)
{
    public const string SuiteName = "durable";

    /// <summary>Rates and latencies are noisy well above a tenth; more digits would only suggest precision.</summary>
    private const int ReportedDecimals = 1;

    private readonly ILogger _logger = loggerFactory.CreateLogger<DurableSuite>();

    private readonly string _connectionString = options.ConnectionString
        ?? throw new InvalidOperationException("BenchOptions.Parse requires --connection for the durable suite.");

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<IDurableScenario> all =
        [
            new HelloCitiesScenario(options.Instances),
            new ChainScenario(options.ChainLength),
            new FanOutScenario(),
            new PingPongScenario(options.PingPongEvents),
            new TimerLatenessScenario(options.Timers, options.TimerLead, loggerFactory.CreateLogger<TimerLatenessScenario>()),
        ];
        var wanted = options.Scenario?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var selected = all.Where(s => wanted is null || wanted.Contains(s.Name, StringComparer.Ordinal)).ToList();
        if (wanted is not null && (selected.Count != wanted.Length || selected.Count == 0))
        {
            LogUnknownScenario(options.Scenario, string.Join(", ", all.Select(s => s.Name)));
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
        foreach (var scenario in selected)
        {
            if (!await RunScenarioAsync(scenario, machine, cancellationToken))
            {
                failures++;
            }
        }

        LogSuiteFinished(selected.Count - failures, failures, suite.Elapsed.TotalSeconds);
        return failures == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }

    private async Task<bool> RunScenarioAsync(IDurableScenario scenario, MachineInfo machine, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.ScenarioTimeout);
        var elapsed = Stopwatch.StartNew();
        LogScenarioStarting(scenario.Name);
        try
        {
            IReadOnlyList<Measurement> measurements;
            Dictionary<string, object> parameters;
            await using (var hub = await BenchHub.StartAsync(_connectionString, scenario.Name, options.Hosts, options.Concurrency,
                scenario.Register, loggerFactory, limit.Token))
            {
                parameters = new Dictionary<string, object>(scenario.Parameters)
                {
                    ["workers"] = hub.Workers,
                    ["maxConcurrentActivityFunctions"] = hub.WorkerOptions.MaxConcurrentActivityFunctions,
                    ["maxConcurrentOrchestratorFunctions"] = hub.WorkerOptions.MaxConcurrentOrchestratorFunctions,
                };
                measurements = await scenario.RunAsync(hub, limit.Token);
            }

            foreach (var measurement in measurements)
            {
                var reported = new Dictionary<string, object>(parameters);
                foreach (var (key, value) in measurement.Observed ?? new Dictionary<string, object>())
                {
                    reported[key] = value;
                }

                LogMeasured(measurement.Metric, measurement.Value, measurement.Unit);
                results.Write(new BenchResult(SuiteName, measurement.Metric, Math.Round(measurement.Value, ReportedDecimals), measurement.Unit, reported, machine));
            }

            LogScenarioFinished(scenario.Name, elapsed.Elapsed.TotalSeconds);
            return true;
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogScenarioTimedOut(scenario.Name, options.ScenarioTimeout.TotalSeconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogScenarioCancelled(scenario.Name);
        }
        catch (ScenarioFailedException exception)
        {
            LogScenarioFailed(scenario.Name, exception.Message);
        }
        catch (Exception exception)
        {
            LogScenarioCrashed(exception, scenario.Name);
        }

        return false;
    }

    [LoggerMessage(LogLevel.Error, "Unknown scenario {Scenario}; the durable suite has {Scenarios}")]
    private partial void LogUnknownScenario(string? scenario, string scenarios);

    [LoggerMessage(LogLevel.Error, "Cannot reach PostgreSQL: {Reason}")]
    private partial void LogDatabaseUnreachable(string reason);

    [LoggerMessage(LogLevel.Information, "Durable suite on {Cores} cores, PostgreSQL fsync={Fsync} synchronous_commit={SynchronousCommit}, {Hosts} worker host(s)")]
    private partial void LogMachine(int cores, string fsync, string synchronousCommit, int hosts);

    [LoggerMessage(LogLevel.Information, "Scenario {Scenario} starting")]
    private partial void LogScenarioStarting(string scenario);

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
