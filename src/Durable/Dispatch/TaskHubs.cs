using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smo.Durable.Hosting;
using Smo.Durable.Storage;
using Smo.Durable.Storage.Postgres;

namespace Smo.Durable.Dispatch;

/// <summary>One task hub: its store and the dispatcher that hands out its work.</summary>
internal sealed record TaskHub(string Name, IOrchestrationStore Store, WorkDispatcher Dispatcher);

/// <summary>
/// The task hubs this backend serves. A caller names its hub in the <c>taskhub</c> metadata header, as the Durable
/// Task Scheduler's clients and workers send it; a call without one gets the hub for external callers, never the
/// host's own, so another application cannot reach Smo's graphs by accident. Hubs other than the host's are
/// opened on first use, up to a limit.
/// </summary>
internal sealed class TaskHubs(
    IOrchestrationStore ownStore,
    WorkDispatcher ownDispatcher,
    IOptions<DurableBackendOptions> options,
    BackendLimits limits,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IAsyncDisposable
{
    public const string Header = "taskhub";

    private readonly ConcurrentDictionary<string, Lazy<TaskHub>> _opened = new(StringComparer.Ordinal);

    private DurableBackendOptions Settings => options.Value;

    public TaskHub Own { get; } = new(options.Value.HubName, ownStore, ownDispatcher);

    public TaskHub For(ServerCallContext context)
    {
        var name = context.RequestHeaders.GetValue(Header) is { Length: > 0 } named ? named : Settings.ExternalHubName;
        if (string.Equals(name, Own.Name, StringComparison.Ordinal))
        {
            return Own;
        }

        if (!IsValidName(name))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The taskhub header names a hub of 1 to 48 letters, digits, '-' or '_'."));
        }

        if (!_opened.ContainsKey(name) && _opened.Count >= Settings.MaxTaskHubs)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"This backend serves at most {Settings.MaxTaskHubs} task hubs besides its own."));
        }

        return _opened.GetOrAdd(name, hub => new Lazy<TaskHub>(() => Open(hub))).Value;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hub in _opened.Values.Where(h => h.IsValueCreated))
        {
            await hub.Value.Store.DisposeAsync();
        }
    }

    private TaskHub Open(string name)
    {
        var store = new PostgresOrchestrationStore(
            Settings.StoreOptions() with { HubName = name }, time, loggerFactory);
        return new TaskHub(name, store, new WorkDispatcher(store, limits, time, loggerFactory.CreateLogger<WorkDispatcher>()));
    }

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= 48 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
