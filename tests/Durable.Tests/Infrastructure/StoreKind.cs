using Npgsql;
using Smo.Durable.Storage;
using Smo.Durable.Storage.InMemory;
using Smo.Durable.Storage.Postgres;

namespace Smo.Durable.Tests.Infrastructure;

/// <summary>Creates stores for one test: a fresh task hub, shared by every host the test starts.</summary>
public abstract class StoreKind : IAsyncDisposable
{
    public abstract Task<IOrchestrationStore> CreateStoreAsync(StoreFaults? faults = null);

    public abstract ValueTask DisposeAsync();
}

public sealed class InMemoryStoreKind : StoreKind
{
    private InMemoryOrchestrationStore? _shared;

    // Every "host" of an in-memory hub must see the same state, so they share one store object.
    public override Task<IOrchestrationStore> CreateStoreAsync(StoreFaults? faults = null) =>
        Task.FromResult<IOrchestrationStore>(faults is null
            ? _shared ??= new InMemoryOrchestrationStore(TimeProvider.System)
            : _shared = new InMemoryOrchestrationStore(TimeProvider.System, faults));

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class PostgresStoreKind : StoreKind
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("SMO_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=smo";

    private readonly List<IOrchestrationStore> _stores = [];

    public string HubName { get; } = "t" + Guid.NewGuid().ToString("N")[..12];

    public PostgresStoreOptions Options => new() { ConnectionString = ConnectionString, HubName = HubName };

    // Each host gets its own store object (own pools, own LISTEN connection) on the same hub, like separate processes.
    public override async Task<IOrchestrationStore> CreateStoreAsync(StoreFaults? faults = null)
    {
        var store = new PostgresOrchestrationStore(Options, TimeProvider.System, null, faults);
        await store.InitializeAsync(CancellationToken.None);
        _stores.Add(store);
        return store;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Options.SchemaName} CASCADE");
        await drop.ExecuteNonQueryAsync();
    }
}
