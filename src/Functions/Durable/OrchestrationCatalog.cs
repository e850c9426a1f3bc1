using Microsoft.DurableTask;
using Smo.Functions.Alerts;
using Smo.Functions.Clusters;
using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Installs;
using Smo.Functions.Placement;
using Smo.Functions.Samples;
using Smo.Functions.Scaling;
using Smo.Orchestrations.Graphs;
using Smo.Orchestrations.Samples;

namespace Smo.Functions.Durable;

/// <summary>Every orchestrator and activity the Smo host runs, registered in one place.</summary>
public static class OrchestrationCatalog
{
    public static DurableTaskRegistry AddSmoOrchestrations(this DurableTaskRegistry registry) => registry
        .AddOrchestrator<HelloCities>()
        .AddActivity<SayHello>()
        .AddGraphLifecycle();

    /// <summary>The graph orchestration and its activities (their services come from <c>AddSmoControlPlane</c>, the store and the adapters).</summary>
    public static DurableTaskRegistry AddGraphLifecycle(this DurableTaskRegistry registry) => registry
        .AddOrchestrator<GraphOrchestrator>()
        .AddActivity<PlaceGraphActivity>()
        .AddActivity<PlacementAffectedActivity>()
        .AddActivity<EnsureAlertRulesActivity>()
        .AddActivity<RemoveAlertRulesActivity>()
        .AddActivity<PublishDashboardsActivity>()
        .AddActivity<ServicesToInstallActivity>()
        .AddActivity<InstalledServicesActivity>()
        .AddActivity<InstallServiceActivity>()
        .AddActivity<DeployConditionalServiceActivity>()
        .AddActivity<UninstallServiceActivity>()
        .AddActivity<ScaleGraphActivity>()
        .AddActivity<SetGraphStatusActivity>()
        .AddActivity<RecordGraphEventActivity>()
        .AddActivity<DeleteGraphActivity>();
}
