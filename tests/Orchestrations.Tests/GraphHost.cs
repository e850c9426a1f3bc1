using Microsoft.Extensions.DependencyInjection;
using Smo.Durable;
using Smo.Durable.Storage.InMemory;
using Smo.Orchestrations.Graphs;

namespace Smo.Orchestrations.Tests;

/// <summary>A worker and client on the in-memory store running the graph orchestration over a <see cref="FakeFederation"/>.</summary>
public sealed class GraphHost : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly ServiceProvider _services;
    private readonly DurableTaskWorker _worker;

    private GraphHost(FakeFederation federation)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<Smo.Durable.Storage.IOrchestrationStore>(new InMemoryOrchestrationStore());
        services.AddDurableTask(registry =>
        {
            registry.AddOrchestrator<GraphOrchestrator>();
            federation.Register(registry);
        }, options =>
        {
            options.MaxPollingInterval = TimeSpan.FromMilliseconds(100);
            options.RetryDelay = TimeSpan.FromMilliseconds(50);
        });
        _services = services.BuildServiceProvider();
        _worker = _services.GetRequiredService<DurableTaskWorker>();
        Client = _services.GetRequiredService<DurableTaskClient>();
        Federation = federation;
    }

    public DurableTaskClient Client { get; }

    public FakeFederation Federation { get; }

    public static async Task<GraphHost> StartAsync(FakeFederation federation)
    {
        var host = new GraphHost(federation);
        await host._worker.StartAsync(CancellationToken.None);
        return host;
    }

    /// <summary>Starts the orchestration of graph "g", as the deploy API does.</summary>
    public Task<string> DeployAsync(string graph = "g") =>
        Client.ScheduleNewOrchestrationInstanceAsync(GraphOrchestrator.Name,
            new GraphLifecycle(graph, GraphPhase.Deploying, Interval),
            new StartOrchestrationOptions(GraphLifecycle.InstanceIdFor(graph)));

    public Task SendAsync(GraphCommand command, string graph = "g") =>
        Client.RaiseEventAsync(GraphLifecycle.InstanceIdFor(graph), GraphCommand.EventName, command);

    /// <summary>Waits until <paramref name="condition"/> holds on the fake, failing with <paramref name="what"/> after a while.</summary>
    public async Task UntilAsync(Func<FakeFederation, bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition(Federation))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}. Calls: {string.Join(", ", Federation.Calls.Select(c => c.Activity))}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}
