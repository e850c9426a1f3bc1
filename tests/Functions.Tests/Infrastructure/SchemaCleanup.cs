using Npgsql;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Infrastructure;

/// <summary>Drops the schemas a test created in the shared test database.</summary>
public sealed class SchemaCleanup(params string[] schemas) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresConnection.String);
        foreach (var schema in schemas)
        {
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
