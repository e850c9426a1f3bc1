using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Smo.Store.Alerts;
using Smo.Store.Clusters;
using Smo.Store.Decisions;
using Smo.Store.Events;
using Smo.Store.Graphs;
using Smo.Store.Nfvcl;
using Smo.Store.Schema;

namespace Smo.Store.Hosting;

/// <summary>Registers Smo's store: its data source, the repositories and (optionally) the migration at start.</summary>
public static class SmoStoreServiceCollectionExtensions
{
    /// <summary>The key of the store's <see cref="NpgsqlDataSource"/>, kept apart from any other data source the host registers.</summary>
    public const string DataSourceKey = "smo-store";

    public static IServiceCollection AddSmoStore(this IServiceCollection services, SmoStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException($"{SmoStoreOptions.Section}:ConnectionString is required.", nameof(options));
        }

        // Validates the schema name now, at registration, rather than at the first request.
        StoreContext.RequireValidSchema(options.Schema);

        services.AddKeyedSingleton(DataSourceKey, (_, _) => NpgsqlDataSource.Create(options.ConnectionString));
        services.AddSingleton(sp => new StoreContext(sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey), options.Schema));
        services.AddSingleton<StoreMigrator>();
        services.AddSingleton<ClusterStore>();
        services.AddSingleton<GraphStore>();
        services.AddSingleton<DecisionLog>();
        services.AddSingleton<EventLog>();
        services.AddSingleton<AlertDeliveries>();
        services.AddSingleton<VimStore>();
        services.AddSingleton<OsK8sClusterStore>();
        if (options.MigrateOnStart)
        {
            services.AddHostedService<StoreMigrationService>();
        }

        return services;
    }
}
