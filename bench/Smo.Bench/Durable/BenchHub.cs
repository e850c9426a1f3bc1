using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Smo.Durable;
using Smo.Durable.Storage;
using Smo.Durable.Storage.Postgres;

namespace Smo.Bench.Durable;

/// <summary>
/// A fresh task hub with one or more worker hosts in this process, each with its own store, as separate Functions
/// hosts would have. Disposing it stops the workers and drops the hub's schema.
/// </summary>
internal sealed class BenchHub : IAsyncDisposable
{
    /// <summary>Concurrent starts, as many clients would send them; lets PostgreSQL group the fsyncs of their commits.</summary>
    private const int ScheduleParallelism = 16;

    /// <summary>How often the driver looks for unfinished instances; figures use the instances' own timestamps, not this.</summary>
    private static readonly TimeSpan CompletionPollInterval = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private static readonly IReadOnlyList<OrchestrationRuntimeStatus> Unfinished =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    private readonly string _connectionString;
    private readonly List<ServiceProvider> _hosts;

    private BenchHub(string connectionString, string schemaName)
    {
        _connectionString = connectionString;
        SchemaName = schemaName;
        _hosts = [];
    }

    public string SchemaName { get; }

    /// <summary>The first host's client; any host's would do, they share the hub.</summary>
    public DurableTaskClient Client => _hosts[0].GetRequiredService<DurableTaskClient>();

    public DurableTaskWorkerOptions WorkerOptions => _hosts[0].GetRequiredService<IOptions<DurableTaskWorkerOptions>>().Value;

    public int Workers => _hosts.Count;

    public static async Task<BenchHub> StartAsync(
        string connectionString, string scenario, int hosts, int? concurrency, Action<DurableTaskRegistry> register,
        ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var storeOptions = new PostgresStoreOptions
        {
            ConnectionString = connectionString,
            HubName = $"bench_{scenario}_{Guid.NewGuid().ToString("N")[..8]}",
        };
        var hub = new BenchHub(connectionString, storeOptions.SchemaName);
        try
        {
            for (var i = 0; i < hosts; i++)
            {
                var services = new ServiceCollection();
                services.AddSingleton(loggerFactory);
                services.AddLogging();
                services.AddDurablePostgresStore(storeOptions);
                services.AddDurableTask(register, options =>
                {
                    if (concurrency is { } limit)
                    {
                        options.MaxConcurrentOrchestratorFunctions = limit;
                        options.MaxConcurrentActivityFunctions = limit;
                    }
                });
                var provider = services.BuildServiceProvider();
                hub._hosts.Add(provider);
                // The schema must exist before the driver's first start, not whenever the worker gets round to it.
                await provider.GetRequiredService<IOrchestrationStore>().InitializeAsync(cancellationToken);
                await provider.GetRequiredService<DurableTaskWorker>().StartAsync(cancellationToken);
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
            async (i, token) => await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input(i), cancellationToken: token));

    /// <summary>Waits until no instance of the hub is unfinished, then returns all of them with inputs and outputs.</summary>
    public async Task<IReadOnlyList<OrchestrationMetadata>> WaitForAllAsync(CancellationToken cancellationToken)
    {
        var unfinished = new OrchestrationQuery { Statuses = Unfinished, PageSize = 1 };
        while ((await Client.GetAllInstancesAsync(unfinished, cancellationToken)).Instances.Count > 0)
        {
            await Task.Delay(CompletionPollInterval, cancellationToken);
        }

        return await ReadAllAsync(cancellationToken);
    }

    /// <summary>Counts the hub's instances in <paramref name="status"/>, page by page.</summary>
    public async Task<int> CountAsync(OrchestrationRuntimeStatus status, CancellationToken cancellationToken)
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = await Client.GetAllInstancesAsync(
                new OrchestrationQuery { Statuses = [status], PageSize = OrchestrationQuery.MaxPageSize, ContinuationToken = token }, cancellationToken);
            count += page.Instances.Count;
            token = page.ContinuationToken;
        }
        while (token is not null);

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var host in _hosts)
            {
                using var stop = new CancellationTokenSource(StopTimeout);
                await host.GetRequiredService<DurableTaskWorker>().StopAsync(stop.Token);
            }

            foreach (var host in _hosts)
            {
                await host.DisposeAsync();
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

    private async Task<IReadOnlyList<OrchestrationMetadata>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var all = new List<OrchestrationMetadata>();
        string? token = null;
        do
        {
            var page = await Client.GetAllInstancesAsync(
                new OrchestrationQuery { PageSize = OrchestrationQuery.MaxPageSize, ContinuationToken = token, FetchInputsAndOutputs = true }, cancellationToken);
            all.AddRange(page.Instances);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return all;
    }
}
