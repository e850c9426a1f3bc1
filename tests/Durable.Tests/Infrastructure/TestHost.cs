using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smo.Durable.Storage;

namespace Smo.Durable.Tests.Infrastructure;

/// <summary>One in-process host: a worker and a client over a store, as a Functions host would have.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private bool _stopped;

    private TestHost(ServiceProvider services, IOrchestrationStore store)
    {
        _services = services;
        Store = store;
        Worker = services.GetRequiredService<DurableTaskWorker>();
        Client = services.GetRequiredService<DurableTaskClient>();
    }

    public IOrchestrationStore Store { get; }

    public DurableTaskWorker Worker { get; }

    public DurableTaskClient Client { get; }

    public static TestHost Create(IOrchestrationStore store, Action<DurableTaskRegistry> register, Action<DurableTaskWorkerOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            if (Environment.GetEnvironmentVariable("SMO_TEST_LOG") is { Length: > 0 } path)
            {
                logging.AddProvider(new FileLoggerProvider(path));
            }
        });
        services.AddSingleton(store);
        services.AddDurableTask(register, options =>
        {
            options.MaxPollingInterval = TimeSpan.FromMilliseconds(250);
            options.RetryDelay = TimeSpan.FromMilliseconds(100);
            configure?.Invoke(options);
        });
        return new TestHost(services.BuildServiceProvider(), store);
    }

    public static async Task<TestHost> StartAsync(IOrchestrationStore store, Action<DurableTaskRegistry> register, Action<DurableTaskWorkerOptions>? configure = null)
    {
        var host = Create(store, register, configure);
        await host.Worker.StartAsync(CancellationToken.None);
        return host;
    }

    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object? input = null, string? instanceId = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId));
        return await WaitAsync(id);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, int seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Worker.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }
}
