using Npgsql;
using Smo.Store.Schema;
using Smo.Store.Tests.Infrastructure;

namespace Smo.Store.Tests.Schema;

public sealed class MigrationTests : IAsyncLifetime
{
    private readonly string _schema = TestDatabase.NewSchemaName();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestDatabase.DropSchemaAsync(_schema);

    [Fact]
    public async Task MigrateAsync_creates_every_table_on_an_empty_database()
    {
        var result = await Migrator().MigrateAsync();

        Assert.Equal(0, result.FromVersion);
        Assert.Equal(result.KnownVersion, result.ToVersion);
        var tables = await TestDatabase.ScalarAsync<string[]>(
            $"SELECT array_agg(table_name::text ORDER BY table_name) FROM information_schema.tables WHERE table_schema = '{_schema}'");
        Assert.Equal(["alert_deliveries", "clusters", "decisions", "events", "forecasts", "graph_versions", "graphs", "os_k8s_clusters", "policy_firings", "pushed_forecast_points", "pushed_forecasts", "schema_version", "services", "vims"], tables);
    }

    [Fact]
    public async Task MigrateAsync_applies_nothing_the_second_time()
    {
        await Migrator().MigrateAsync();

        var again = await Migrator().MigrateAsync();

        Assert.Equal(0, again.Applied);
        Assert.Equal(again.KnownVersion, again.ToVersion);
        Assert.Equal(again.KnownVersion, await TestDatabase.ScalarAsync<long>($"SELECT count(*) FROM {_schema}.schema_version"));
    }

    [Fact]
    public async Task MigrateAsync_applies_each_migration_once_when_hosts_start_together()
    {
        // Separate data sources, like separate processes, so the migrators really race for the lock.
        var dataSources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(TestDatabase.ConnectionString)).ToArray();
        try
        {
            var results = await Task.WhenAll(dataSources.Select(ds => Task.Run(() => new StoreMigrator(new StoreContext(ds, _schema)).MigrateAsync())));

            Assert.Equal(results[0].KnownVersion, results.Sum(r => r.Applied));
            Assert.All(results, r => Assert.Equal(r.KnownVersion, r.ToVersion));
            Assert.Equal(results[0].KnownVersion, await TestDatabase.ScalarAsync<long>($"SELECT count(*) FROM {_schema}.schema_version"));
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task MigrateAsync_reports_a_schema_migrated_by_a_newer_build()
    {
        var first = await Migrator().MigrateAsync();
        await using (var ahead = TestDatabase.DataSource.CreateCommand($"INSERT INTO {_schema}.schema_version (version) VALUES ({first.KnownVersion + 1})"))
        {
            await ahead.ExecuteNonQueryAsync();
        }

        var result = await Migrator().MigrateAsync();

        Assert.True(result.DatabaseIsNewer);
        Assert.Equal(0, result.Applied);
        Assert.Equal(first.KnownVersion + 1, result.ToVersion);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Smo")]
    [InlineData("smo-store")]
    [InlineData("smo; DROP TABLE x")]
    [InlineData("1smo")]
    [InlineData("smo\n")]
    public void StoreContext_rejects_a_schema_name_that_is_not_a_plain_identifier(string schema)
    {
        var error = Assert.Throws<ArgumentException>(() => new StoreContext(TestDatabase.DataSource, schema));

        Assert.Contains("schema name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreContext_rejects_a_schema_name_longer_than_postgres_keeps()
    {
        Assert.Throws<ArgumentException>(() => new StoreContext(TestDatabase.DataSource, new string('s', StoreContext.MaxSchemaLength + 1)));
    }

    private StoreMigrator Migrator() => new(new StoreContext(TestDatabase.DataSource, _schema));
}
