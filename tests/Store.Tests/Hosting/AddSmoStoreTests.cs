using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Smo.Store.Clusters;
using Smo.Store.Graphs;
using Smo.Store.Hosting;
using Smo.Store.Tests.Infrastructure;

namespace Smo.Store.Tests.Hosting;

public sealed class AddSmoStoreTests : IAsyncLifetime
{
    private readonly string _schema = TestDatabase.NewSchemaName();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestDatabase.DropSchemaAsync(_schema);

    [Fact]
    public async Task AddSmoStore_migrates_the_schema_when_the_host_starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSmoStore(new SmoStoreOptions { ConnectionString = TestDatabase.ConnectionString, Schema = _schema });
        using var host = builder.Build();

        await host.StartAsync();
        var stored = await host.Services.GetRequiredService<ClusterStore>().UpsertFromInventoryAsync([Inventory.Cluster("edge-1")]);
        await host.StopAsync();

        Assert.Equal(["edge-1"], stored.Added);
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>($"SELECT count(*) FROM {_schema}.clusters"));
    }

    [Fact]
    public void AddSmoStore_resolves_every_repository_over_the_configured_schema()
    {
        var services = new ServiceCollection().AddLogging()
            .AddSmoStore(new SmoStoreOptions { ConnectionString = TestDatabase.ConnectionString, Schema = _schema, MigrateOnStart = false });
        using var provider = services.BuildServiceProvider();

        Assert.Equal(_schema, provider.GetRequiredService<StoreContext>().Schema);
        Assert.NotNull(provider.GetRequiredService<GraphStore>());
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IHostedService));
    }

    [Fact]
    public void AddSmoStore_rejects_an_invalid_schema_at_registration()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new ServiceCollection().AddSmoStore(new SmoStoreOptions { ConnectionString = TestDatabase.ConnectionString, Schema = "Smo-Prod" }));

        Assert.Contains("'Smo-Prod'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSmoStore_requires_a_connection_string()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddSmoStore(new SmoStoreOptions { ConnectionString = " " }));

        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
