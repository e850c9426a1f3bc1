using Microsoft.Extensions.DependencyInjection.Extensions;
using Smo.Durable.Dispatch;
using Smo.Functions.Alerts;
using Smo.Functions.Carbon;
using Smo.Functions.Clusters;
using Smo.Functions.Drift;
using Smo.Functions.Forecasting;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Installs;
using Smo.Functions.Placement;
using Smo.Functions.Scaling;
using Smo.Hdag.Parsing;
using Smo.Hdag.Translation;
using Smo.Solver.Forecasting;
using Smo.Solver.Strategies;
using Smo.Functions.Secrets;

namespace Smo.Functions.Graphs;

/// <summary>What the graph orchestration's activities need besides the store and the adapters (registered by the host).</summary>
public static class ControlPlaneServiceCollectionExtensions
{
    /// <param name="strategies">The registry <paramref name="defaults"/> were checked against.</param>
    /// <param name="intents">What size intents mean: the parser accepts these sizes and deploys translate them.</param>
    public static IServiceCollection AddSmoControlPlane(
        this IServiceCollection services, GraphDefaults defaults, StrategyRegistry strategies, IntentTables intents, ForecastingOptions forecasting)
    {
        services.AddSingleton(defaults);
        services.AddSingleton(forecasting);
        services.AddSingleton<ForecastCache>();
        services.TryAddSingleton<IRateForecaster>(new EnsembleForecaster());
        services.TryAddSingleton(new HdagParser(defaults.ParserOptions(intents)));
        services.TryAddSingleton(new IntentTranslator(intents));
        services.TryAddSingleton(strategies);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GraphReader>();
        services.AddSingleton<ServiceInstaller>();
        services.AddSingleton<ServiceUninstaller>();
        services.AddSingleton<GraphTranslator>();
        services.AddSingleton<FailoverGrace>();
        services.AddSingleton<InventorySync>();
        services.AddSingleton<InventoryNotifier>();
        services.AddSingleton<CarbonReoptimiser>();
        // Transient: it holds Grafana's typed HTTP client, whose handlers the client factory rotates.
        services.AddTransient<ClusterDashboards>();
        services.AddSingleton<PlacementPlanner>();
        services.AddSingleton<WhatIfPlans>();
        services.AddSingleton<DryRunGate>();
        services.AddSingleton<SecretValues>();
        services.AddSingleton<GraphCommands>();
        services.AddSingleton<GraphTuning>();
        services.AddSingleton<StrategyRunReader>();
        services.AddSingleton<AlertIntake>();
        services.AddSingleton<RuleExpressionCheck>();
        services.AddSingleton<ReleaseOwnership>();
        services.AddSingleton<DeployChecks>();
        services.AddSingleton<Updates.GraphUpdates>();
        services.AddSingleton<DriftInspector>();
        // Cancelled on lease loss when the backend's in-process worker runs the activity; never under another worker.
        services.TryAddScoped<ActivityCancellation>();
        return services;
    }
}
