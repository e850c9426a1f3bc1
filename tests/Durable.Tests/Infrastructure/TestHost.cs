using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Smo.Durable.Dispatch;
using Smo.Durable.Storage;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Tests.Infrastructure;

/// <summary>One host on a backend: the SDK's worker and client, as a Functions host would have them.</summary>
public sealed class TestHost(DurableTaskClient client, IOrchestrationStore? store, Func<Task> stop, IHost? host = null) : IAsyncDisposable
{
    private bool _stopped;

    public bool Stopped => _stopped;

    public DurableTaskClient Client { get; } = client;

    /// <summary>Smo's store behind this host; null on Microsoft's reference backend.</summary>
    public IOrchestrationStore? Store { get; } = store;

    /// <summary>The host's services (Smo's backend only).</summary>
    public IServiceProvider? Services => host?.Services;

    /// <summary>Smo's dispatcher in this host (Smo's backend only).</summary>
    internal WorkDispatcher Dispatcher =>
        Services?.GetRequiredService<WorkDispatcher>() ?? throw new InvalidOperationException("Only Smo's backend has a dispatcher.");

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

    public async Task<OrchestrationMetadata> WaitForStartAsync(string instanceId, int seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await Client.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    public async Task<OrchestrationRuntimeStatus?> StatusAsync(string instanceId) =>
        (await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false))?.RuntimeStatus;

    public async Task<string?> CustomStatusAsync(string instanceId) =>
        (await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true))?.SerializedCustomStatus;

    public Task UntilStatusAsync(string instanceId, OrchestrationRuntimeStatus status) =>
        Eventually.TrueAsync(async () => await StatusAsync(instanceId) == status, $"{instanceId} is {status}");

    /// <summary>Waits until the instance's custom status (committed with the episode that set it) is <paramref name="customStatus"/>.</summary>
    public Task UntilCustomStatusAsync(string instanceId, string customStatus) =>
        Eventually.TrueAsync(async () => await CustomStatusAsync(instanceId) == $"\"{customStatus}\"", $"{instanceId} reports '{customStatus}'");

    /// <summary>Every instance the query finds, page after page.</summary>
    public async Task<IReadOnlyList<OrchestrationMetadata>> ListAsync(OrchestrationQuery? query = null)
    {
        var instances = new List<OrchestrationMetadata>();
        await foreach (var instance in Client.GetAllInstancesAsync(query))
        {
            instances.Add(instance);
        }

        return instances;
    }

    /// <summary>
    /// Runs a no-op orchestration started now to completion: a barrier after which work queued before it has been
    /// offered to the worker, so a test can check that something queued earlier did not happen.
    /// </summary>
    public async Task SettleAsync()
    {
        var settled = await RunAsync(TestOrchestrations.Settle);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, settled.RuntimeStatus);
    }

    /// <summary>The instance's history as Smo stores it (protocol events); the reference backend shows history to no client.</summary>
    public async Task<IReadOnlyList<P.HistoryEvent>> HistoryAsync(string instanceId) =>
        Store is { } store
            ? await store.GetHistoryAsync(instanceId, CancellationToken.None)
            : throw new InvalidOperationException("Only Smo's backend shows history here.");

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
