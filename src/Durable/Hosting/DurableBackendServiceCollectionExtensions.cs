using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smo.Durable.Dispatch;
using Smo.Durable.Grpc;
using Smo.Durable.Storage;
using Smo.Durable.Storage.Postgres;

namespace Smo.Durable.Hosting;

/// <summary>Registers the PostgreSQL backend and connects the SDK's worker and client to it.</summary>
public static class DurableBackendServiceCollectionExtensions
{
    /// <summary>
    /// The store, the dispatcher and the protocol server. Call before <c>AddDurableTaskWorker</c>, so the server is
    /// listening when the worker connects (it reconnects anyway, only later).
    /// </summary>
    public static IServiceCollection AddDurableBackend(this IServiceCollection services, Action<DurableBackendOptions> configure)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DurableBackendOptions>().Configure(configure).Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.TryAddSingleton<StoreFaults>();
        services.AddSingleton<IOrchestrationStore>(sp => new PostgresOrchestrationStore(
            sp.GetRequiredService<IOptions<DurableBackendOptions>>().Value.StoreOptions(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(), sp.GetRequiredService<StoreFaults>()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DurableBackendOptions>>().Value.Limits);
        services.AddSingleton<WorkDispatcher>();
        services.AddSingleton<TaskHubs>();
        services.AddSingleton<TaskHubSidecar>();
        services.AddSingleton<BackendEndpoint>();
        services.AddHostedService<DurableBackendServer>();
        return services;
    }

    /// <summary>
    /// Runs <paramref name="tasks"/> inside this host without the gRPC hop (<see cref="InProcessWorker"/>), instead of
    /// <c>AddDurableTaskWorker(... UseDurableBackend())</c>; the SDK runs the orchestrators and activities either way.
    /// </summary>
    /// <param name="onlyRegistered">
    /// Ask only for the registered orchestrators and activities (the default); off, the worker is handed everything
    /// and fails what it cannot run, as a worker that sends no filters.
    /// </param>
    public static IServiceCollection AddDurableInProcessWorker(
        this IServiceCollection services, Action<DurableTaskRegistry> tasks, Action<DurableTaskWorkerOptions>? configure = null, bool onlyRegistered = true)
    {
        services.Configure(tasks);
        services.AddOptions<DurableTaskWorkerOptions>().Configure(options => configure?.Invoke(options));
        services.AddSingleton(new InProcessWorkerOptions(onlyRegistered));
        services.TryAddScoped<ActivityCancellation>();
        services.AddHostedService<InProcessWorker>();
        return services;
    }

    /// <summary>The SDK's gRPC worker on this host's backend, asking only for the orchestrators and activities it registered.</summary>
    public static IDurableTaskWorkerBuilder UseDurableBackend(this IDurableTaskWorkerBuilder builder)
    {
        builder.Services.AddOptions<GrpcDurableTaskWorkerOptions>(builder.Name).Configure<BackendEndpoint>((options, endpoint) => options.CallInvoker = endpoint.OwnHub);
        builder.UseGrpc();
        builder.UseWorkItemFilters();
        return builder;
    }

    /// <summary>The SDK's gRPC client on this host's backend.</summary>
    public static IDurableTaskClientBuilder UseDurableBackend(this IDurableTaskClientBuilder builder)
    {
        builder.Services.AddOptions<GrpcDurableTaskClientOptions>(builder.Name).Configure<BackendEndpoint>((options, endpoint) => options.CallInvoker = endpoint.OwnHub);
        builder.UseGrpc();
        return builder;
    }
}
