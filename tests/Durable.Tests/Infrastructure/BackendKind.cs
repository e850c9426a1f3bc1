using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Smo.Durable.Dispatch;
using Smo.Durable.Hosting;
using Smo.Durable.Storage;
using Smo.Durable.Storage.Postgres;

namespace Smo.Durable.Tests.Infrastructure;

/// <summary>A backend the conformance suite runs against; one task hub per test, shared by every host the test starts.</summary>
public abstract class BackendKind : IAsyncDisposable
{
    public abstract string Name { get; }

    /// <summary>Receives the logs of every host started after it is set (the replay-safe logger's lines, for one).</summary>
    public ILoggerProvider? Logs { get; set; }

    /// <summary>
    /// Starts a host with the given orchestrators and activities, plus <see cref="TestOrchestrations.Settle"/>, the
    /// barrier <see cref="TestHost.SettleAsync"/> runs.
    /// </summary>
    public abstract Task<TestHost> StartHostAsync(Action<DurableTaskRegistry> register, Action<DurableTaskWorkerOptions>? worker = null);

    /// <summary>
    /// Whether every episode replays the orchestrator from its history. A worker in extended sessions keeps the
    /// orchestration in memory and replays only when it lost it (a new process, an evicted session).
    /// </summary>
    public virtual bool ReplaysEveryEpisode => true;

    /// <summary>Makes the hosts' workers forget the orchestrations they keep in memory, as a new process would.</summary>
    public virtual void ForgetWorkerMemory()
    {
    }

    public abstract ValueTask DisposeAsync();

    protected static Action<DurableTaskRegistry> WithSettle(Action<DurableTaskRegistry> register) => registry =>
    {
        register(registry);
        TestOrchestrations.RegisterSettle(registry);
    };
}

/// <summary>Smo's PostgreSQL backend: each host is a process of its own (own store, pools, socket) on the test's hub.</summary>
/// <param name="database">Another PostgreSQL than the tests' shared one (a test that restarts its own).</param>
public sealed class SmoBackendKind(string? database = null) : BackendKind
{
    /// <summary>The tests' shared PostgreSQL, started by scripts/services.sh (SMO_POSTGRES overrides).</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("SMO_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=smo";

    /// <summary>The PostgreSQL this kind's hosts use.</summary>
    public string Database { get; } = database ?? ConnectionString;

    private readonly List<TestHost> _hosts = [];
    private readonly List<IOrchestrationStore> _stores = [];

    public override string Name => "smo-postgres";

    public string HubName { get; } = "t" + Guid.NewGuid().ToString("N")[..12];

    public PostgresStoreOptions StoreOptions => new() { ConnectionString = Database, HubName = HubName };

    public string SchemaName => StoreOptions.SchemaName;

    /// <summary>Applied to every host this kind starts (limits, leases, polling).</summary>
    public Action<DurableBackendOptions>? Configure { get; set; }

    /// <summary>
    /// Whether the hosts' workers ask only for the orchestrators and activities they registered (Smo's own worker
    /// does). Off, a worker is handed everything, like a worker of another SDK that sends no filters.
    /// </summary>
    public bool WorkItemFilters { get; set; } = true;

    /// <summary>Run the hosts' work in-process (the Functions host's path) instead of through the stock gRPC worker.</summary>
    public bool InProcessWorker { get; set; }

    /// <summary>The in-process worker runs orchestrations in extended sessions (the host's default).</summary>
    public override bool ReplaysEveryEpisode => !InProcessWorker;

    public override void ForgetWorkerMemory()
    {
        foreach (var worker in _hosts.Where(h => !h.Stopped).SelectMany(h => h.Services!.GetServices<IHostedService>().OfType<InProcessWorker>()))
        {
            worker.ForgetSessions();
        }
    }

    public override Task<TestHost> StartHostAsync(Action<DurableTaskRegistry> register, Action<DurableTaskWorkerOptions>? worker = null) =>
        StartHostAsync(register, worker, faults: null);

    public async Task<TestHost> StartHostAsync(Action<DurableTaskRegistry> register, Action<DurableTaskWorkerOptions>? worker, StoreFaults? faults)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
        if (Environment.GetEnvironmentVariable("SMO_TEST_LOG") is { Length: > 0 } path)
        {
            builder.Logging.AddProvider(new FileLoggerProvider(path));
        }

        if (Logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Information).AddProvider(Logs);
        }

        if (faults is not null)
        {
            builder.Services.AddSingleton(faults);
        }

        builder.Services.AddDurableBackend(options =>
        {
            options.ConnectionString = Database;
            options.HubName = HubName;
            options.Limits.MaxPollingInterval = TimeSpan.FromMilliseconds(250);
            options.Limits.RetryDelay = TimeSpan.FromMilliseconds(100);
            Configure?.Invoke(options);
        });
        if (InProcessWorker)
        {
            builder.Services.AddDurableInProcessWorker(WithSettle(register), worker, WorkItemFilters);
        }
        else
        {
            AddGrpcWorker(builder.Services, register, worker);
        }

        builder.Services.AddDurableTaskClient(b => b.UseDurableBackend());
        var host = builder.Build();
        await host.StartAsync();
        var testHost = new TestHost(host.Services.GetRequiredService<DurableTaskClient>(), host.Services.GetRequiredService<IOrchestrationStore>(),
            async () =>
            {
                await host.StopAsync();
                host.Dispose();
            }, host);
        _hosts.Add(testHost);
        return testHost;
    }

    private void AddGrpcWorker(IServiceCollection services, Action<DurableTaskRegistry> register, Action<DurableTaskWorkerOptions>? worker) =>
        services.AddDurableTaskWorker(b =>
        {
            b.AddTasks(WithSettle(register));
            b.UseDurableBackend();
            if (!WorkItemFilters)
            {
                b.UseWorkItemFilters(null);
            }

            if (worker is not null)
            {
                b.Configure(worker);
            }
        });

    /// <summary>A store on the test's hub with no host around it, for tests that play the dispatcher's part by hand.</summary>
    public async Task<IOrchestrationStore> OpenStoreAsync()
    {
        var store = new PostgresOrchestrationStore(StoreOptions, TimeProvider.System);
        _stores.Add(store);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
        }

        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await using var dataSource = NpgsqlDataSource.Create(Database);
        await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {SchemaName} CASCADE");
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>Microsoft's in-memory reference backend (<c>Microsoft.DurableTask.InProcessTestHost</c>): one host per hub.</summary>
public sealed class ReferenceBackendKind : BackendKind
{
    private const int MaxStartAttempts = 5;

    private TestHost? _host;
    private ILoggerFactory? _loggerFactory;

    public override string Name => "microsoft-in-memory";

    public override async Task<TestHost> StartHostAsync(Action<DurableTaskRegistry> register, Action<DurableTaskWorkerOptions>? worker = null)
    {
        if (_host is not null)
        {
            throw new InvalidOperationException("The reference backend keeps its state in one process: a test on it starts one host.");
        }

        if (Logs is not null)
        {
            _loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(Logs));
        }

        var host = await StartOnFreePortAsync(WithSettle(register), worker);
        _host = new TestHost(host.Client, null, async () => await host.DisposeAsync());
        return _host;
    }

    /// <summary>
    /// The test host picks a random port of its own, which the many outgoing connections of a parallel test run
    /// (they take ephemeral ports from the same range) sometimes hold: ask the system for a free one, and try again
    /// if another socket takes it first.
    /// </summary>
    private async Task<DurableTaskTestHost> StartOnFreePortAsync(Action<DurableTaskRegistry> register, Action<DurableTaskWorkerOptions>? worker)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // The test host builds its worker with default options; options configured for the default worker apply to it.
                return await DurableTaskTestHost.StartAsync(register, new DurableTaskTestHostOptions
                {
                    Port = FreePort(),
                    LoggerFactory = _loggerFactory,
                    ConfigureServices = services =>
                    {
                        if (worker is not null)
                        {
                            services.Configure(worker);
                        }
                    },
                });
            }
            catch (IOException) when (attempt < MaxStartAttempts)
            {
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
        }

        _loggerFactory?.Dispose();
    }
}
