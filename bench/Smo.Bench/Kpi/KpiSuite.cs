using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Smo.Functions.Graphs.Translation;
using Smo.Kpi;
using Smo.Kpi.Kpis;
using Smo.Kpi.Replay;
using Smo.Kpi.Report;
using Smo.Kpi.Scenarios;
using Smo.Kpi.Strategies;
using Smo.Solver.Forecasting;
using Smo.Solver.Strategies;

namespace Smo.Bench.Kpi;

/// <summary>
/// The KPI benchmark (issue 13, point 4): each scenario of <c>--scenarios</c> replayed in virtual time with every
/// strategy compared (<see cref="KpiStrategies.Compared"/>), on the control plane's defaults; one JSON line per
/// scenario, strategy and KPI (params: scenario, strategy, days, data), the forecasters' MASE, and the HTML report.
/// </summary>
internal sealed partial class KpiSuite(BenchOptions options, ILoggerFactory loggerFactory, ResultWriter results)
{
    public const string SuiteName = "kpi";

    private const int ReportedDecimals = 6;

    private readonly ILogger _logger = loggerFactory.CreateLogger<KpiSuite>();

    public int Run(CancellationToken cancellationToken)
    {
        var files = Directory.Exists(options.KpiScenarios)
            ? Directory.GetFiles(options.KpiScenarios!, "*.json").Order(StringComparer.Ordinal).ToList()
            : [options.KpiScenarios!];
        // One forecaster for every predictive strategy and scenario: pure, and its forecasts are shared within a scenario.
        var strategies = KpiStrategies.Compared(new EnsembleForecaster(), ForecastMethods.Ensemble)
            .Where(s => !options.StrategiesGiven || options.Strategies.Contains(s.Name, StringComparer.Ordinal))
            .ToList();
        if (strategies.Count == 0)
        {
            LogNoStrategy(string.Join(", ", options.Strategies), string.Join(", ", KpiStrategies.Compared(null).Select(s => s.Name)));
            return ExitCodes.Usage;
        }

        var machine = MachineInfo.Local();
        var run = new KpiRun(new GraphDefaults(), StrategyRegistry.Builtin(), ReplayOptions.Default);
        var outcomes = new List<ScenarioOutcome>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scenario = ScenarioFile.Load(file, options.DataDirectory!, options.Days);
            LogScenario(scenario.Name, scenario.Data, scenario.Duration.TotalDays, scenario.Services.Count, scenario.Clusters.Count, MachineInfo.LoadAverage());
            var started = Stopwatch.GetTimestamp();
            var outcome = run.Run(scenario, strategies);
            LogReplayed(scenario.Name, Stopwatch.GetElapsedTime(started).TotalSeconds);
            foreach (var (strategy, why) in outcome.Skipped)
            {
                LogSkipped(scenario.Name, strategy, why);
            }

            Write(outcome, machine);
            outcomes.Add(outcome);
        }

        HtmlReport.Write(options.Report!, outcomes, $"{machine.Cores} cores, {machine.Cpu}, {machine.Os}, {machine.Dotnet}", DateTimeOffset.UtcNow);
        LogReport(Path.GetFullPath(options.Report!));
        return ExitCodes.Success;
    }

    private void Write(ScenarioOutcome outcome, MachineInfo machine)
    {
        var scenario = outcome.Scenario;
        foreach (var result in outcome.Results)
        {
            var parameters = Parameters(scenario);
            parameters["strategy"] = result.Strategy;
            parameters["decisions"] = result.Decisions;
            parameters["replacements"] = result.Replacements;
            if (result.Forecaster is { } forecaster)
            {
                parameters["forecaster"] = forecaster;
            }

            foreach (var kpi in KpiNames.PerStrategy)
            {
                Emit(kpi, result.Kpis[kpi], parameters, machine);
            }
        }

        foreach (var (method, byService) in outcome.Mase)
        {
            foreach (var (service, mase) in byService.Where(m => double.IsFinite(m.Value)))
            {
                var parameters = Parameters(scenario);
                parameters["forecaster"] = method;
                parameters["service"] = service;
                Emit(KpiNames.ForecastMase, mase, parameters, machine);
            }

            var finite = byService.Values.Where(double.IsFinite).ToList();
            if (finite.Count > 0)
            {
                var parameters = Parameters(scenario);
                parameters["forecaster"] = method;
                parameters["service"] = "all";
                parameters["aggregate"] = "mean";
                Emit(KpiNames.ForecastMase, finite.Average(), parameters, machine);
            }
        }
    }

    private static Dictionary<string, object> Parameters(KpiScenario scenario) => new()
    {
        ["scenario"] = scenario.Name,
        ["days"] = scenario.Duration.TotalDays,
        ["data"] = scenario.Data,
    };

    private void Emit(string metric, double value, Dictionary<string, object> parameters, MachineInfo machine)
    {
        LogMeasured(metric, value, string.Join(' ', parameters.Select(p => $"{p.Key}={p.Value}")));
        results.Write(new BenchResult(SuiteName, metric, Math.Round(value, ReportedDecimals), KpiNames.Unit(metric), new Dictionary<string, object>(parameters), machine));
    }

    [LoggerMessage(LogLevel.Information, "Scenario {Scenario}: {Data} data, {Days} days, {Services} services, {Clusters} clusters (load average {LoadAverage})")]
    private partial void LogScenario(string scenario, string data, double days, int services, int clusters, string loadAverage);

    [LoggerMessage(LogLevel.Information, "Scenario {Scenario} replayed in {Seconds:F1} s")]
    private partial void LogReplayed(string scenario, double seconds);

    [LoggerMessage(LogLevel.Warning, "Scenario {Scenario}: {Strategy} not run: {Why}")]
    private partial void LogSkipped(string scenario, string strategy, string why);

    [LoggerMessage(LogLevel.Information, "{Metric} = {Value:G6} ({Parameters})")]
    private partial void LogMeasured(string metric, double value, string parameters);

    [LoggerMessage(LogLevel.Information, "Report written to {Path}")]
    private partial void LogReport(string path);

    [LoggerMessage(LogLevel.Error, "No strategy named {Asked}; the KPI suite compares {Known}")]
    private partial void LogNoStrategy(string asked, string known);
}
