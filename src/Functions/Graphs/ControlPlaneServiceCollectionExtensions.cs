using Microsoft.Extensions.DependencyInjection.Extensions;
using Smo.Durable.Dispatch;
using Smo.Functions.Alerts;
using Smo.Functions.Clusters;
using Smo.Functions.Drift;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Installs;
using Smo.Functions.Placement;
using Smo.Hdag.Parsing;
using Smo.Hdag.Translation;
using Smo.Solver.Strategies;
using Smo.Functions.Secrets;

namespace Smo.Functions.Graphs;

/// <summary>What the graph orchestration's activities need besides the store and the adapters (registered by the host).</summary>
public static class ControlPlaneServiceCollectionExtensions
{
    /// <param name="strategies">The registry <paramref name="defaults"/> were checked against.</param>
    public static IServiceCollection AddSmoControlPlane(this IServiceCollection services, GraphDefaults defaults, StrategyRegistry strategies)
    {
        services.AddSingleton(defaults);
        services.TryAddSingleton(new HdagParser(defaults.ParserOptions()));
        services.TryAddSingleton(new IntentTranslator());
        services.TryAddSingleton(strategies);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GraphReader>();
        services.AddSingleton<ServiceInstaller>();
        services.AddSingleton<GraphTranslator>();
        services.AddSingleton<InventorySync>();
        services.AddSingleton<InventoryNotifier>();
        services.AddSingleton<PlacementPlanner>();
        services.AddSingleton<WhatIfPlans>();
        services.AddSingleton<DryRunGate>();
        services.AddSingleton<SecretValues>();
        services.AddSingleton<GraphCommands>();
        services.AddSingleton<AlertIntake>();
        services.AddSingleton<RuleExpressionCheck>();
        services.AddSingleton<ReleaseOwnership>();
        services.AddSingleton<DeployChecks>();
        services.AddSingleton<DriftInspector>();
        // Cancelled on lease loss when the backend's in-process worker runs the activity; never under another worker.
        services.TryAddScoped<ActivityCancellation>();
        return services;
    }
}
