using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Smo.Solver.Instances;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;
using Smo.Solver.Strategies;

namespace Smo.Bench.Solver;

/// <summary>
/// Placement and scaling strategies on generated instances (see <see cref="PlacementInstanceGenerator"/>): for each
/// cell of services × clusters and each strategy, decision time p50/p95, the worst status and the worst gap to a
/// proven lower bound (the exact strategies' own bound; first-fit is measured against smo-milp's bound on the same
/// instance). Then scaling decisions for several service counts.
/// </summary>
internal sealed partial class SolverSuite(BenchOptions options, ILoggerFactory loggerFactory, ResultWriter results)
{
    public const string SuiteName = "solver";

    /// <summary>Cells up to this many services × clusters are cheap: measure them more often.</summary>
    private const int SmallCell = 1000;
    private const int SmallCellRuns = 30;
    private const int LargeCellRuns = 5;
    private const int ReportedDecimals = 3;

    private readonly ILogger _logger = loggerFactory.CreateLogger<SolverSuite>();
    private readonly StrategyRegistry _registry = StrategyRegistry.Builtin();

    public int Run()
    {
        var unknown = options.Strategies.Where(s => !_registry.PlacementNames.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            LogUnknownStrategies(string.Join(", ", unknown), string.Join(", ", _registry.PlacementNames));
            return ExitCodes.Usage;
        }

        var machine = MachineInfo.Local();
        var solverOptions = new SolverOptions(options.SolverTimeLimit, Workers: 1, Seed: 0);
        WarmUp(solverOptions);
        foreach (var services in options.Services)
        {
            foreach (var clusters in options.Clusters)
            {
                MeasurePlacementCell(services, clusters, solverOptions, machine);
            }
        }

        foreach (var services in options.ScalingServices)
        {
            MeasureScaling(services, solverOptions, machine);
        }

        return ExitCodes.Success;
    }

    /// <summary>JIT and native-library loading happen once, before anything is timed.</summary>
    private void WarmUp(SolverOptions solverOptions)
    {
        var problem = PlacementInstanceGenerator.Create(seed: 0, services: 20, clusters: 4);
        foreach (var name in options.Strategies)
        {
            _registry.Placement(name).Place(problem, solverOptions);
        }

        _registry.Scaling(MilpScaling.StrategyName).Decide(ScalingInstanceGenerator.Create(seed: 1, services: 5), solverOptions);
    }

    private void MeasurePlacementCell(int services, int clusters, SolverOptions solverOptions, MachineInfo machine)
    {
        var runs = options.Runs ?? (services * clusters <= SmallCell ? SmallCellRuns : LargeCellRuns);
        var samples = options.Strategies.ToDictionary(s => s, _ => new List<(double Ms, SolveStatus Status, double? Gap)>());
        for (var run = 0; run < runs; run++)
        {
            var problem = PlacementInstanceGenerator.Create(seed: run + 1, services, clusters);
            var placed = new Dictionary<string, PlacementResult>();
            foreach (var name in options.Strategies)
            {
                var started = Stopwatch.GetTimestamp();
                var result = _registry.Placement(name).Place(problem, solverOptions);
                placed[name] = result;
                samples[name].Add((Stopwatch.GetElapsedTime(started).TotalMilliseconds, result.Status, result.Gap));
            }

            // First-fit proves nothing itself; smo-milp's bound holds for every placement under the same weights.
            if (placed.TryGetValue(FirstFitPlacement.StrategyName, out var firstFit) && placed.TryGetValue(MilpPlacement.StrategyName, out var exact)
                && firstFit.HasPlacement && exact.LowerBound is { } bound)
            {
                samples[FirstFitPlacement.StrategyName][^1] = samples[FirstFitPlacement.StrategyName][^1] with { Gap = Gap(firstFit.TotalObjective, bound) };
            }
        }

        foreach (var (name, measured) in samples)
        {
            var status = measured.Select(m => m.Status).Max();
            var parameters = new Dictionary<string, object>
            {
                ["strategy"] = name,
                ["services"] = services,
                ["clusters"] = clusters,
                ["status"] = status.ToString(),
                ["runs"] = runs,
                ["time_limit_s"] = solverOptions.TimeLimit.TotalSeconds,
            };
            var times = measured.Select(m => m.Ms).ToList();
            Write("placement_ms_p50", Percentiles.Of(times, 50), Units.Milliseconds, parameters, machine);
            Write("placement_ms_p95", Percentiles.Of(times, 95), Units.Milliseconds, parameters, machine);
            var gaps = measured.Where(m => m.Gap is not null).Select(m => m.Gap!.Value).ToList();
            if (gaps.Count > 0)
            {
                Write("placement_gap", 100 * gaps.Max(), Units.Percent, new Dictionary<string, object>(parameters) { ["aggregate"] = "max" }, machine);
            }
        }
    }

    private void MeasureScaling(int services, SolverOptions solverOptions, MachineInfo machine)
    {
        var runs = options.Runs ?? SmallCellRuns;
        var times = new List<double>();
        var statuses = new List<SolveStatus>();
        var strategy = _registry.Scaling(MilpScaling.StrategyName);
        for (var run = 0; run < runs; run++)
        {
            var problem = ScalingInstanceGenerator.Create(seed: run + 1, services);
            var started = Stopwatch.GetTimestamp();
            var result = strategy.Decide(problem, solverOptions);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            statuses.Add(result.Status);
        }

        Write("scaling_ms_p50", Percentiles.Of(times, 50), Units.Milliseconds, new Dictionary<string, object>
        {
            ["strategy"] = MilpScaling.StrategyName,
            ["services"] = services,
            ["status"] = statuses.Max().ToString(),
            ["runs"] = runs,
        }, machine);
    }

    private static double Gap(double objective, double bound) => objective <= bound ? 0 : (objective - bound) / Math.Max(Math.Abs(objective), 1e-9);

    private void Write(string metric, double value, string unit, Dictionary<string, object> parameters, MachineInfo machine)
    {
        LogMeasured(metric, value, unit, string.Join(' ', parameters.Select(p => $"{p.Key}={p.Value}")));
        results.Write(new BenchResult(SuiteName, metric, Math.Round(value, ReportedDecimals), unit, parameters, machine));
    }

    [LoggerMessage(LogLevel.Error, "Unknown placement strategies {Unknown}; known: {Known}")]
    private partial void LogUnknownStrategies(string unknown, string known);

    [LoggerMessage(LogLevel.Information, "{Metric} = {Value:F3} {Unit} ({Parameters})")]
    private partial void LogMeasured(string metric, double value, string unit, string parameters);
}
