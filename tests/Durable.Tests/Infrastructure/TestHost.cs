using Microsoft.Extensions.Hosting;
using Smo.Durable.Storage;

namespace Smo.Durable.Tests.Infrastructure;

/// <summary>One host on a backend: the SDK's worker and client, as a Functions host would have them.</summary>
public sealed class TestHost(DurableTaskClient client, IOrchestrationStore? store, Func<Task> stop, IHost? host = null) : IAsyncDisposable
{
    private bool _stopped;

    public DurableTaskClient Client { get; } = client;

    /// <summary>Smo's store behind this host; null on Microsoft's reference backend.</summary>
    public IOrchestrationStore? Store { get; } = store;

    /// <summary>The host's services (Smo's backend only).</summary>
    public IServiceProvider? Services => host?.Services;

    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object? input = null, string? instanceId = null, int seconds = 30)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId));
        return await WaitAsync(id, seconds);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, int seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    public async Task<OrchestrationRuntimeStatus?> StatusAsync(string instanceId) =>
        (await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false))?.RuntimeStatus;

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await stop();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
