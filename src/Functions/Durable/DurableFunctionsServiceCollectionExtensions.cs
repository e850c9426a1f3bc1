using Smo.Durable;
using Smo.Durable.Storage.Postgres;
using Smo.Functions.Hosting;
using Smo.Orchestrations;

namespace Smo.Functions.Durable;

/// <summary>Wires the durable runtime from host.json, as the Durable Functions extension does.</summary>
public static class DurableFunctionsServiceCollectionExtensions
{
    public static WebApplicationBuilder AddDurableFunctions(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DurableTaskExtensionOptions.Section);
        foreach (var key in section.GetChildren().Select(c => c.Key).Where(k => !DurableTaskExtensionOptions.KnownKeys.Contains(k)))
        {
            StartupWarnings.Of(builder).Add($"host.json extensions.durableTask.{key} does not apply to this host's PostgreSQL provider and is ignored.");
        }

        var options = section.Get<DurableTaskExtensionOptions>() ?? new DurableTaskExtensionOptions();
        var services = builder.Services;
        services.AddSingleton(options);
        switch (options.StorageProvider.Type.ToLowerInvariant())
        {
            case StorageProviderOptions.Postgres:
                var storeOptions = new PostgresStoreOptions { ConnectionString = PostgresConnectionString(builder.Configuration, options), HubName = options.HubName };
                _ = storeOptions.SchemaName; // validates the hub name at startup, not at the first request
                services.AddDurablePostgresStore(storeOptions);
                break;
            case StorageProviderOptions.Memory:
                services.AddDurableInMemoryStore();
                break;
            default:
                throw new InvalidOperationException(
                    $"host.json extensions.durableTask.storageProvider.type '{options.StorageProvider.Type}' is not supported; use '{StorageProviderOptions.Postgres}' or '{StorageProviderOptions.Memory}'.");
        }

        services.AddDurableTask(registry => registry.AddSmoOrchestrations(), worker =>
        {
            worker.MaxConcurrentActivityFunctions = options.MaxConcurrentActivityFunctions ?? worker.MaxConcurrentActivityFunctions;
            worker.MaxConcurrentOrchestratorFunctions = options.MaxConcurrentOrchestratorFunctions ?? worker.MaxConcurrentOrchestratorFunctions;
            worker.MaxOrchestrationActions = options.MaxOrchestrationActions ?? worker.MaxOrchestrationActions;
        });
        services.AddHealthChecks().AddCheck<DurableStoreHealthCheck>("durable-store");
        return builder;
    }

    /// <summary>The connection string named by the storage provider, from ConnectionStrings or a plain setting.</summary>
    public static string PostgresConnectionString(IConfiguration configuration, DurableTaskExtensionOptions options)
    {
        var name = options.StorageProvider.ConnectionStringName;
        return configuration.GetConnectionString(name) is { Length: > 0 } fromConnectionStrings
            ? fromConnectionStrings
            : configuration[name] is { Length: > 0 } fromSettings
                ? fromSettings
                : throw new InvalidOperationException(
                    $"host.json names the connection string '{name}' for the durable store, but neither ConnectionStrings:{name} nor the setting {name} is set (local.settings.json or environment).");
    }
}
