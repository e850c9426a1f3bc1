using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Smo.Store.Alerts;
using Smo.Store.Clusters;
using Smo.Store.Decisions;
using Smo.Store.Events;
using Smo.Store.Forecasts;
using Smo.Store.Graphs;
using Smo.Store.Nfvcl;
using Smo.Store.Schema;
using Smo.Store.Versions;

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

        // No session reset on each return to the pool (a round trip per use): the store leaves no session state
        // behind — its advisory locks are transaction-scoped, and LeaderLease unlocks its own before letting go.
        services.AddKeyedSingleton(DataSourceKey, (_, _) => NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(options.ConnectionString) { NoResetOnClose = true }.ConnectionString));
        services.AddSingleton(sp => new StoreContext(sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey), options.Schema));
        services.AddSingleton<StoreMigrator>();
        services.AddSingleton<ClusterStore>();
        services.AddSingleton<GraphStore>();
        services.AddSingleton<GraphVersions>();
        services.AddSingleton<PlacementOutlooks>();
        services.AddSingleton<DecisionLog>();
        services.AddSingleton<EventLog>();
        services.AddSingleton<ForecastLog>();
        services.AddSingleton<PushedForecasts>();
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
