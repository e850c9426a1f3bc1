using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Smo.Durable.Hosting;
using Smo.Durable.Storage;
using Smo.Durable.Storage.Postgres;

namespace Smo.Durable.Tests.Infrastructure;

/// <summary>A backend the conformance suite runs against; one task hub per test, shared by every host the test starts.</summary>
public abstract class BackendKind : IAsyncDisposable
{
    public abstract string Name { get; }

    public abstract Task<TestHost> StartHostAsync(Action<DurableTaskRegistry> register, Action<DurableTaskWorkerOptions>? worker = null);

    public abstract ValueTask DisposeAsync();
}

/// <summary>Smo's PostgreSQL backend: each host is a process of its own (own store, pools, socket) on the test's hub.</summary>
public sealed class SmoBackendKind : BackendKind
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("SMO_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=smo";

    private readonly List<TestHost> _hosts = [];

    public override string Name => "smo-postgres";

    public string HubName { get; } = "t" + Guid.NewGuid().ToString("N")[..12];

    public string SchemaName => new PostgresStoreOptions { ConnectionString = ConnectionString, HubName = HubName }.SchemaName;

    /// <summary>Applied to every host this kind starts (limits, leases, polling).</summary>
    public Action<DurableBackendOptions>? Configure { get; set; }

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

        if (faults is not null)
        {
            builder.Services.AddSingleton(faults);
        }

        builder.Services.AddDurableBackend(options =>
        {
            options.ConnectionString = ConnectionString;
            options.HubName = HubName;
            options.Limits.MaxPollingInterval = TimeSpan.FromMilliseconds(250);
            options.Limits.RetryDelay = TimeSpan.FromMilliseconds(100);
            Configure?.Invoke(options);
        });
        builder.Services.AddDurableTaskWorker(b =>
        {
            b.AddTasks(register);
            b.UseDurableBackend();
            if (worker is not null)
            {
                b.Configure(worker);
            }
        });
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

    public override async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
        }

        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {SchemaName} CASCADE");
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>Microsoft's in-memory reference backend (<c>Microsoft.DurableTask.InProcessTestHost</c>): one host per hub.</summary>
public sealed class ReferenceBackendKind : BackendKind
{
    private DurableTaskTestHost? _host;

    public override string Name => "microsoft-in-memory";

    public override async Task<TestHost> StartHostAsync(Action<DurableTaskRegistry> register, Action<DurableTaskWorkerOptions>? worker = null)
    {
        if (_host is not null)
        {
            throw new InvalidOperationException("The reference backend keeps its state in one process: a test on it starts one host.");
        }

        _host = await DurableTaskTestHost.StartAsync(register);
        var host = _host;
        return new TestHost(host.Client, null, async () => await host.DisposeAsync());
    }

    public override async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
