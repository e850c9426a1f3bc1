using System.Runtime.InteropServices;
using Npgsql;

namespace Smo.Bench;

/// <summary>
/// What the figures were measured on; a throughput means little without the cores, the CPU and, for the durable
/// suite, the PostgreSQL version and fsync setting (null, and left out of the JSON, for suites without a database).
/// </summary>
internal sealed record MachineInfo(
    int Cores,
    string Cpu,
    string Os,
    string Dotnet,
    string? Postgres = null,
    string? Fsync = null,
    string? SynchronousCommit = null)
{
    /// <summary>The machine alone, for suites that use no database.</summary>
    public static MachineInfo Local() => new(Environment.ProcessorCount, CpuModel(), RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);

    /// <summary>The machine and the PostgreSQL server the durable suite runs against.</summary>
    public static async Task<MachineInfo> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return Local() with
        {
            Postgres = await ScalarAsync(dataSource, "SELECT version()", cancellationToken),
            Fsync = await ScalarAsync(dataSource, "SHOW fsync", cancellationToken),
            SynchronousCommit = await ScalarAsync(dataSource, "SHOW synchronous_commit", cancellationToken),
        };
    }

    /// <summary>
    /// The 1-, 5- and 15-minute load averages, logged with each scenario: other work on the machine moves the
    /// figures more than anything measured, and a reader of the log should see it.
    /// </summary>
    public static string LoadAverage()
    {
        const string loadAverage = "/proc/loadavg";
        return File.Exists(loadAverage) ? string.Join(' ', File.ReadAllText(loadAverage).Split(' ').Take(3)) : "unknown";
    }

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var line = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
            : null;
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static async Task<string> ScalarAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
