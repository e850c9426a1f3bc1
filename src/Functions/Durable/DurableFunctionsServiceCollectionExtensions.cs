using Smo.Functions.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Smo.Durable.Hosting;

namespace Smo.Functions.Durable;

/// <summary>
/// Wires the durable workflow from host.json, as the Durable Functions extension does: Microsoft's Durable Task
/// SDK on Smo's PostgreSQL backend (orchestrators and activities run in-process through the SDK's runner and
/// shims, the client over the backend's gRPC protocol).
/// </summary>
public static class DurableFunctionsServiceCollectionExtensions
{
    public static WebApplicationBuilder AddDurableFunctions(this WebApplicationBuilder builder, FunctionCatalog catalog)
    {
        var section = builder.Configuration.GetSection(DurableTaskExtensionOptions.Section);
        foreach (var key in section.GetChildren().Select(c => c.Key).Where(k => !DurableTaskExtensionOptions.KnownKeys.Contains(k)))
        {
            StartupWarnings.Of(builder).Add($"host.json extensions.durableTask.{key} does not apply to this host's providers and is ignored.");
        }

        var options = section.Get<DurableTaskExtensionOptions>() ?? new DurableTaskExtensionOptions();
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        switch (options.StorageProvider.Type.ToLowerInvariant())
        {
            case StorageProviderOptions.Postgres:
                // Read now, so a missing connection string stops the host at startup with the setting's name.
                var connectionString = PostgresConnectionString(builder.Configuration, options);
                services.AddDurableBackend(backend =>
                {
                    backend.ConnectionString = connectionString;
                    backend.HubName = options.HubName;
                    backend.GrpcEndpoint = options.StorageProvider.GrpcEndpoint;
                    backend.Limits.MaxOrchestrationActions = options.MaxOrchestrationActions ?? backend.Limits.MaxOrchestrationActions;
                });
                // In-process rather than the stock gRPC worker: measured 40-60 % more work items/s (README, Benchmarks).
                services.AddDurableInProcessWorker(tasks => tasks.AddFunctions(catalog));
                services.AddDurableTaskClient(client => client.UseDurableBackend());
                services.AddHealthChecks().AddCheck<DurableStoreHealthCheck>("durable-store");
                break;
            default:
                throw new InvalidOperationException(
                    options.StorageProvider.Type.Equals(StorageProviderOptions.Memory, StringComparison.OrdinalIgnoreCase)
                        ? $"host.json extensions.durableTask.storageProvider.type '{StorageProviderOptions.Memory}' is not offered: Microsoft's in-memory reference backend (Microsoft.DurableTask.InProcessTestHost, a preview) did not start reliably inside the host (its server was sometimes never listening). Use '{StorageProviderOptions.Postgres}'."
                        : $"host.json extensions.durableTask.storageProvider.type '{options.StorageProvider.Type}' is not supported; use '{StorageProviderOptions.Postgres}'.");
        }

        services.Configure<DurableTaskWorkerOptions>(worker =>
        {
            worker.Concurrency.MaximumConcurrentActivityWorkItems = options.MaxConcurrentActivityFunctions ?? worker.Concurrency.MaximumConcurrentActivityWorkItems;
            worker.Concurrency.MaximumConcurrentOrchestrationWorkItems = options.MaxConcurrentOrchestratorFunctions ?? worker.Concurrency.MaximumConcurrentOrchestrationWorkItems;
        });
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
