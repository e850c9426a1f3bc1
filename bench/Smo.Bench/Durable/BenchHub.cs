using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Smo.Durable.Hosting;
using Smo.Durable.Storage;
using Smo.Durable.Storage.Postgres;

namespace Smo.Bench.Durable;

/// <summary>
/// A fresh task hub with one or more hosts in this process, each with its own backend (store, pools, socket) and its
/// own SDK worker and client, as separate Functions hosts would have. Disposing it stops the hosts and drops the hub's
/// schema.
/// </summary>
internal sealed class BenchHub : IAsyncDisposable
{
    /// <summary>Concurrent starts, as many clients would send them; lets PostgreSQL group the fsyncs of their commits.</summary>
    private const int ScheduleParallelism = 16;

    /// <summary>The backend's largest query page.</summary>
    private const int MaxPageSize = 1_000;

    /// <summary>How often the driver looks for unfinished instances; figures use the instances' own timestamps, not this.</summary>
    private static readonly TimeSpan CompletionPollInterval = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private static readonly IReadOnlyList<OrchestrationRuntimeStatus> Unfinished =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    private readonly string _connectionString;
    private readonly List<IHost> _hosts = [];

    private BenchHub(string connectionString, string schemaName)
    {
        _connectionString = connectionString;
        SchemaName = schemaName;
    }

    public string SchemaName { get; }

    /// <summary>The first host's client; any host's would do, they share the hub.</summary>
    public DurableTaskClient Client => _hosts[0].Services.GetRequiredService<DurableTaskClient>();

    /// <summary>The work items each host's worker asks for at once.</summary>
    public DurableTaskWorkerOptions.ConcurrencyOptions Concurrency =>
        _hosts[0].Services.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>().Get(Options.DefaultName).Concurrency;

    public int Workers => _hosts.Count;

    public static async Task<BenchHub> StartAsync(
        string connectionString, string scenario, int hosts, int? concurrency, bool inProcess, Action<DurableTaskRegistry> register, CancellationToken cancellationToken)
    {
        var hubName = $"bench_{scenario}_{Guid.NewGuid().ToString("N")[..8]}";
        var hub = new BenchHub(connectionString, new PostgresStoreOptions { ConnectionString = connectionString, HubName = hubName }.SchemaName);
        try
        {
            for (var i = 0; i < hosts; i++)
            {
                var host = BuildHost(connectionString, hubName, concurrency, inProcess, register);
                hub._hosts.Add(host);
                // The schema must exist before the driver's first start, not whenever the backend gets round to it.
                await host.Services.GetRequiredService<IOrchestrationStore>().InitializeAsync(cancellationToken);
                await host.StartAsync(cancellationToken);
            }

            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    public Task ScheduleManyAsync(string orchestrator, int count, Func<int, object?> input, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = ScheduleParallelism, CancellationToken = cancellationToken },
            async (i, token) => await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input(i), token));

    /// <summary>Waits until no instance of the hub is unfinished, then returns all of them with inputs and outputs.</summary>
    public async Task<IReadOnlyList<OrchestrationMetadata>> WaitForAllAsync(CancellationToken cancellationToken)
    {
        var unfinished = new OrchestrationQuery(Statuses: Unfinished, PageSize: 1);
        while (await AnyAsync(unfinished, cancellationToken))
        {
            await Task.Delay(CompletionPollInterval, cancellationToken);
        }

        return await ReadAllAsync(new OrchestrationQuery(PageSize: MaxPageSize, FetchInputsAndOutputs: true), cancellationToken);
    }

    /// <summary>Counts the hub's instances in <paramref name="status"/>.</summary>
    public async Task<int> CountAsync(OrchestrationRuntimeStatus status, CancellationToken cancellationToken) =>
        (await ReadAllAsync(new OrchestrationQuery(Statuses: [status], PageSize: MaxPageSize), cancellationToken)).Count;

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var host in _hosts)
            {
                using var stop = new CancellationTokenSource(StopTimeout);
                await host.StopAsync(stop.Token);
            }

            foreach (var host in _hosts)
            {
                host.Dispose();
            }
        }
        finally
        {
            // Even after a failed stop: a leftover schema would only pile up in the benchmark database.
            // Its name is derived from a hub name this class made: letters, digits and underscores only.
            await using var dataSource = NpgsqlDataSource.Create(_connectionString);
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {SchemaName} CASCADE");
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>One host: the backend serving the protocol on its private loopback port, and the SDK's worker and client on it.</summary>
    private static IHost BuildHost(string connectionString, string hubName, int? concurrency, bool inProcess, Action<DurableTaskRegistry> register)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        BenchLogging.Configure(builder.Logging);
        builder.Services.AddDurableBackend(backend =>
        {
            backend.ConnectionString = connectionString;
            backend.HubName = hubName;
        });
        void Limit(DurableTaskWorkerOptions options)
        {
            if (concurrency is { } limit)
            {
                options.Concurrency.MaximumConcurrentOrchestrationWorkItems = limit;
                options.Concurrency.MaximumConcurrentActivityWorkItems = limit;
            }
        }

        if (inProcess)
        {
            builder.Services.AddDurableInProcessWorker(register, Limit);
        }
        else
        {
            builder.Services.AddDurableTaskWorker(worker => worker.AddTasks(register).UseDurableBackend().Configure(Limit));
        }

        builder.Services.AddDurableTaskClient(client => client.UseDurableBackend());
        return builder.Build();
    }

    private async Task<bool> AnyAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        await foreach (var page in Client.GetAllInstancesAsync(query).AsPages(pageSizeHint: query.PageSize).WithCancellation(cancellationToken))
        {
            return page.Values.Count > 0;
        }

        return false;
    }

    private async Task<IReadOnlyList<OrchestrationMetadata>> ReadAllAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        var all = new List<OrchestrationMetadata>();
        await foreach (var instance in Client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            all.Add(instance);
        }

        return all;
    }
}
