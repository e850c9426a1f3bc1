using Npgsql;

namespace Smo.Store.Tests.Infrastructure;

/// <summary>The test database, started by <c>scripts/services.sh up postgres</c> (SMO_POSTGRES overrides).</summary>
public static class TestDatabase
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("SMO_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=smo";

    /// <summary>One pool for every test, as one host would have.</summary>
    public static NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(ConnectionString);

    public static string NewSchemaName() => "store_t" + Guid.NewGuid().ToString("N")[..12];

    public static async Task DropSchemaAsync(string schema)
    {
        await using var drop = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        await drop.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
