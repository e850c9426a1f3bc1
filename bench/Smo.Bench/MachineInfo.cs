using System.Runtime.InteropServices;
using Npgsql;

namespace Smo.Bench;

/// <summary>What the figures were measured on; a throughput means little without the cores and the fsync setting.</summary>
internal sealed record MachineInfo(
    int Cores,
    string Os,
    string Dotnet,
    string Postgres,
    string Fsync,
    string SynchronousCommit)
{
    public static async Task<MachineInfo> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return new MachineInfo(
            Environment.ProcessorCount,
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            await ScalarAsync(dataSource, "SELECT version()", cancellationToken),
            await ScalarAsync(dataSource, "SHOW fsync", cancellationToken),
            await ScalarAsync(dataSource, "SHOW synchronous_commit", cancellationToken));
    }

    private static async Task<string> ScalarAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
