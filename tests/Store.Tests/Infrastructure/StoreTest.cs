using Smo.Store.Alerts;
using Smo.Store.Clusters;
using Smo.Store.Decisions;
using Smo.Store.Events;
using Smo.Store.Graphs;
using Smo.Store.Schema;

namespace Smo.Store.Tests.Infrastructure;

/// <summary>
/// Gives each test a freshly migrated schema of its own (xUnit makes one instance per test) and drops it afterwards,
/// so tests run in parallel without seeing each other's rows.
/// </summary>
public abstract class StoreTest : IAsyncLifetime
{
    protected StoreTest()
    {
        Context = new StoreContext(TestDatabase.DataSource, TestDatabase.NewSchemaName());
        Clusters = new ClusterStore(Context);
        Graphs = new GraphStore(Context);
        Decisions = new DecisionLog(Context);
        Events = new EventLog(Context);
        Alerts = new AlertDeliveries(Context);
    }

    protected StoreContext Context { get; }

    protected ClusterStore Clusters { get; }

    protected GraphStore Graphs { get; }

    protected DecisionLog Decisions { get; }

    protected EventLog Events { get; }

    protected AlertDeliveries Alerts { get; }

    public virtual async Task InitializeAsync() => await new StoreMigrator(Context).MigrateAsync();

    public Task DisposeAsync() => TestDatabase.DropSchemaAsync(Context.Schema);

    protected Task<long> CountAsync(string table, string where = "true") =>
        TestDatabase.ScalarAsync<long>($"SELECT count(*) FROM {Context.Schema}.{table} WHERE {where}");

    /// <summary>Stores a graph built by <paramref name="build"/> and fails the test if it was not created.</summary>
    protected async Task<NewGraph> CreateGraphAsync(GraphBuilder build)
    {
        var graph = build.Build();
        Assert.True(await Graphs.TryCreateAsync(graph), $"graph {graph.Name} should have been created");
        return graph;
    }
}
