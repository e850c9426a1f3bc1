using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Smo.Durable.Storage;
using Smo.Durable.Storage.InMemory;
using Smo.Durable.Storage.Postgres;

namespace Smo.Durable;

/// <summary>Registers the durable runtime: a store, the registry, the client and the worker.</summary>
public static class DurableTaskServiceCollectionExtensions
{
    public static IServiceCollection AddDurableTask(this IServiceCollection services, Action<DurableTaskRegistry> register, Action<DurableTaskWorkerOptions>? configure = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(DataConverter.Default);
        var registry = new DurableTaskRegistry();
        register(registry);
        services.AddSingleton(registry);
        var options = services.AddOptions<DurableTaskWorkerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton(sp => new DurableTaskClient(
            sp.GetRequiredService<IOrchestrationStore>(), sp.GetRequiredService<DataConverter>(), sp.GetRequiredService<TimeProvider>(), registry));
        services.AddSingleton<DurableTaskWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DurableTaskWorker>());
        return services;
    }

    public static IServiceCollection AddDurableInMemoryStore(this IServiceCollection services) =>
        services.AddSingleton<IOrchestrationStore>(sp => new InMemoryOrchestrationStore(sp.GetRequiredService<TimeProvider>()));

    public static IServiceCollection AddDurablePostgresStore(this IServiceCollection services, PostgresStoreOptions storeOptions) =>
        services.AddSingleton<IOrchestrationStore>(sp => new PostgresOrchestrationStore(
            storeOptions, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>()));
}
