using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Smo.Bench.Fuzz;

/// <summary>
/// The API fuzzer's figures as benchmark lines. The fuzzing itself is a test (<c>Smo.Functions.Tests.Fuzzing.ApiFuzzTests</c>:
/// generated requests through the HTTP API of a running control plane, its oracles checked as it goes), which
/// <c>bench/run.sh fuzz</c> runs with the full count; it writes what it counted to a file, and this suite reads that
/// file and reports it with the machine it ran on, like every other suite.
/// </summary>
internal sealed partial class FuzzSuite(BenchOptions options, ILoggerFactory loggerFactory, ResultWriter results)
{
    public const string SuiteName = "fuzz";

    private readonly ILogger _logger = loggerFactory.CreateLogger<FuzzSuite>();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(options.Figures!, cancellationToken));
        var root = figures.RootElement;
        var machine = options.ConnectionString is { } connection ? await MachineInfo.ReadAsync(connection, cancellationToken) : MachineInfo.Local();
        var parameters = new Dictionary<string, object>
        {
            ["seed"] = root.GetProperty("seed").GetUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["sentinel_graphs"] = root.GetProperty("sentinel_graphs").GetInt32(),
            ["examples"] = root.GetProperty("examples").GetString()!,
        };
        void Write(string metric, string figure, string unit) =>
            results.Write(new BenchResult(SuiteName, metric, Math.Round(root.GetProperty(figure).GetDouble(), 3), unit, parameters, machine));

        Write("fuzz_inputs", "inputs", Units.Inputs);
        Write("fuzz_5xx", "status5xx", Units.Responses);
        Write("fuzz_accepted", "accepted", Units.Responses);
        Write("fuzz_rejected", "rejected", Units.Responses);
        Write("fuzz_unhandled_exceptions", "unhandled_exceptions", Units.LogEntries);
        Write("fuzz_state_changes_by_refused", "state_violations", Units.StateItems);
        Write("fuzz_duration", "duration_seconds", Units.Seconds);
        Write("fuzz_inputs_per_s", "inputs_per_second", Units.InputsPerSecond);

        var clean = root.GetProperty("status5xx").GetInt32() == 0 && root.GetProperty("unhandled_exceptions").GetInt32() == 0
            && root.GetProperty("state_violations").GetInt32() == 0 && root.GetProperty("health_failures").GetInt32() == 0
            && root.GetProperty("refused_by_design_accepted").GetInt32() == 0 && root.GetProperty("no_answer").GetInt32() == 0;
        if (!clean)
        {
            LogFindings(options.Figures!);
        }

        return clean ? ExitCodes.Success : ExitCodes.Failed;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The fuzzer found problems; the test's output lists each with its input (figures: {Figures})")]
    private partial void LogFindings(string figures);
}
