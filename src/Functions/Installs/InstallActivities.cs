using Smo.Adapters;
using Microsoft.Azure.Functions.Worker;
using System.Text.Json.Nodes;
using Smo.Adapters.Helm;
using Smo.Adapters.Karmada;
using Smo.Durable.Dispatch;
using Smo.Functions.Graphs;
using Smo.Orchestrations.Graphs;
using Smo.Store.Events;
using Smo.Store.Graphs;
using Smo.Functions.Scaling;
using Smo.Functions.Secrets;

namespace Smo.Functions.Installs;

/// <summary>
/// Services a deploy or start installs — not conditional and not installed, or uninstalled by a stop — in waves
/// that follow <c>auto.dependencies</c> (see <see cref="InstallWaves"/>).
/// </summary>
public sealed class ServicesToInstallActivity(GraphReader reader)
{
    [Function(GraphActivities.ServicesToInstall)]
    public async Task<IReadOnlyList<IReadOnlyList<string>>> RunAsync([ActivityTrigger] string input, CancellationToken cancellationToken)
    {
        var graph = await reader.GetAsync(input);
        var dependencies = reader.Descriptor(graph).Services.ToDictionary(s => s.Id, s => s.Trigger.Dependencies, StringComparer.Ordinal);
        // A service the descriptor no longer has is stored only until its release is uninstalled (an update removed it): never installed again.
        var installing = graph.Services
            .Where(s => s.Status is ServiceStatus.NotDeployed or ServiceStatus.Failed || (s.Status == ServiceStatus.Pending && !s.Conditional))
            .Where(s => dependencies.ContainsKey(s.Name))
            .Select(s => s.Name)
            .ToList();
        return InstallWaves.Of(installing, service => dependencies.GetValueOrDefault(service) ?? []);
    }
}

/// <summary>Services that may have a release: installed, or failed part-way (uninstalling a missing release is harmless).</summary>
public sealed class InstalledServicesActivity(GraphReader reader)
{
    [Function(GraphActivities.InstalledServices)]
    public async Task<IReadOnlyList<string>> RunAsync([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        [.. (await reader.GetAsync(input)).Services.Where(s => s.Status is ServiceStatus.Deployed or ServiceStatus.Failed).Select(s => s.Name)];
}

/// <summary><c>helm upgrade --install</c> with the stored values: installs, or upgrades a service that moved.</summary>
public sealed class InstallServiceActivity(GraphReader reader, ServiceInstaller installer)
{
    [Function(GraphActivities.InstallService)]
    public async Task<bool> RunAsync([ActivityTrigger] ServiceRef input, CancellationToken cancellationToken)
    {
        var graph = await reader.GetAsync(input.Graph);
        await installer.InstallAsync(graph, await reader.GetServiceAsync(input), cancellationToken);
        return true;
    }
}

/// <summary>
/// Installs a conditional service when its alert fires; false for a repeated alert (already installed), so the
/// webhook's repeats every minute cost nothing.
/// </summary>
public sealed class DeployConditionalServiceActivity(GraphReader reader, ServiceInstaller installer, EventLog events)
{
    [Function(GraphActivities.DeployConditionalService)]
    public async Task<bool> RunAsync([ActivityTrigger] ServiceRef input, CancellationToken cancellationToken)
    {
        var graph = await reader.GetAsync(input.Graph);
        if (graph.Services.FirstOrDefault(s => s.Name == input.Service) is not { } service)
        {
            await events.AppendAsync(new NewEvent(input.Graph, null, "warning", $"An alert named service '{input.Service}', which this graph does not have."));
            return false;
        }

        if (service.Status == ServiceStatus.Deployed)
        {
            return false;
        }

        await installer.InstallAsync(graph, service, cancellationToken);
        return true;
    }
}

/// <summary><c>helm uninstall</c> for a stop or a removal: the service is not deployed, and a start reinstalls it.</summary>
public sealed class UninstallServiceActivity(GraphReader reader, ServiceUninstaller uninstaller)
{
    [Function(GraphActivities.UninstallService)]
    public async Task<bool> RunAsync([ActivityTrigger] ServiceRef input, CancellationToken cancellationToken)
    {
        var graph = await reader.GetAsync(input.Graph);
        await uninstaller.UninstallAsync(graph, await reader.GetServiceAsync(input), ServiceStatus.NotDeployed, cancellationToken);
        return true;
    }
}

/// <summary>
/// <c>helm uninstall</c> of a conditional service whose alerts stayed resolved: it is pending again, as before its
/// alert fired, so a start does not reinstall it and its next alert does. False when it is not installed (nothing done).
/// </summary>
public sealed class UninstallConditionalServiceActivity(GraphReader reader, ServiceUninstaller uninstaller)
{
    [Function(GraphActivities.UninstallConditionalService)]
    public async Task<bool> RunAsync([ActivityTrigger] ServiceRef input, CancellationToken cancellationToken)
    {
        var graph = await reader.GetAsync(input.Graph);
        var service = await reader.GetServiceAsync(input);
        if (!service.Conditional || service.Status is not (ServiceStatus.Deployed or ServiceStatus.Failed))
        {
            return false;
        }

        await uninstaller.UninstallAsync(graph, service, ServiceStatus.Pending, cancellationToken);
        return true;
    }
}

/// <summary>
/// Removes a service's Helm release (a missing one is no error) and records what the service is now; the status is
/// written only if the row is still as it was read (see <see cref="ServiceInstaller"/>).
/// </summary>
/// <param name="divisions">Null on a host without Karmada, where nothing is divided.</param>
public sealed class ServiceUninstaller(IHelmRunner helm, GraphStore graphs, DivisionRollout? divisions = null)
{
    public async Task UninstallAsync(GraphRecord graph, ServiceRecord service, ServiceStatus after, CancellationToken cancellationToken = default)
    {
        await helm.UninstallAsync(ReleaseNames.For(graph.Name, service.Name), graph.Project, cancellationToken);
        // Smo's own PropagationPolicy of a divided service is not the chart's: Helm leaves it.
        if (divisions is not null)
        {
            await divisions.UndivideAsync(graph.Project, service.Name, cancellationToken);
        }
        await graphs.UpdateServiceAsync(graph.Name, service.Name, new ServiceUpdate { Status = after, ExpectedVersion = service.Version });
    }
}

/// <summary>
/// One Helm release per service (<see cref="ReleaseNames"/>) in the graph's project namespace, marked with its owner;
/// the chart names its workload after the service (<c>fullnameOverride</c>, as Helm's chart scaffold reads it), which
/// is the Deployment the scaler scales and the <c>service</c> its metrics carry. The status is written only if
/// the service row is still as this run read it: a run that lost its lease and finishes late (its result dropped
/// by the durable backend) cannot mark a service Failed after the retry on another host marked it Deployed. The
/// helm call stops when the run's lease is lost (<see cref="ActivityCancellation"/>); the status writes do not take
/// the token, so what the release became is recorded even then. The revision helm reports and the replicas the
/// install left in Karmada are recorded with the status: a release at another revision, or a Deployment at another
/// count, has since been changed outside Smo (drift); a host that does not talk to Karmada itself (helm alone) has no
/// count to record. A service that moves off a cluster still serving it is moved make-before-break (<see cref="MoveRollout"/>).
/// </summary>
/// <param name="divisions">Null on a host without Karmada, where nothing is divided.</param>
/// <param name="deployments">Null on a host without Karmada: the replicas an install leaves are then not read.</param>
/// <param name="moves">Null on a host without Karmada: a service that moves is then rescheduled as the chart says.</param>
public sealed class ServiceInstaller(
    IHelmRunner helm, GraphStore graphs, SecretValues secrets, DivisionRollout? divisions = null, IKarmadaDeployments? deployments = null,
    MoveRollout? moves = null)
{
    public const string FullnameOverride = "fullnameOverride";

    public async Task InstallAsync(GraphRecord graph, ServiceRecord service, CancellationToken cancellationToken = default)
    {
        var values = JsonNode.Parse(service.HelmValues.GetRawText()) as JsonObject ?? [];
        values[FullnameOverride] = service.Name;
        var release = new HelmRelease(ReleaseNames.For(graph.Name, service.Name), service.Artifact.Reference, graph.Project, null, values,
            ReleaseNames.Description(graph.Name, service.Name));
        // An undivided service that runs elsewhere gets its new replicas started before the chart moves it (make-before-break).
        var move = moves is not null && service.Division is null && service.Cluster is { } target && service.Status is ServiceStatus.Deployed or ServiceStatus.Failed
            ? await moves.BeginAsync(graph.Project, service.Name, target, service.DesiredReplicas, cancellationToken)
            : null;
        string report;
        try
        {
            report = await helm.UpgradeInstallAsync(release, cancellationToken);
        }
        catch (Exception failure)
        {
            // The release may be half-applied: mark it so stop/remove uninstall it, and let the orchestration retry.
            await graphs.UpdateServiceAsync(graph.Name, service.Name, new ServiceUpdate { Status = ServiceStatus.Failed, ExpectedVersion = service.Version });
            // Helm may quote the values it refused: their secrets must not reach the failure recorded, logged and shown.
            if (failure is AdapterException adapter && secrets.MaskIn(adapter.Reason, service.HelmValues) is var reason && reason != adapter.Reason)
            {
                throw new AdapterException(adapter.System, adapter.Operation, adapter.Failure, reason);
            }

            throw;
        }

        // The chart places the service on its home; a division is Smo's own PropagationPolicy over it.
        if (divisions is not null && service.Division is { } division)
        {
            await divisions.ApplyAsync(graph.Project, service.Name, division, cancellationToken);
        }
        else if (move is not null)
        {
            await moves!.FinishAsync(graph.Name, move, cancellationToken);
        }
        else if (divisions is not null)
        {
            await divisions.UndivideAsync(graph.Project, service.Name, cancellationToken);
        }

        await graphs.UpdateServiceAsync(graph.Name, service.Name, new ServiceUpdate
        {
            Status = ServiceStatus.Deployed,
            HelmRevision = HelmUpgradeReport.Revision(report),
            DesiredReplicas = await ReplicasAsync(graph, service, cancellationToken),
            ExpectedVersion = service.Version,
        });
    }

    /// <summary>
    /// The replicas of the service's Deployment after the install: the chart's count when it was created, the live
    /// count when it was upgraded; null when the chart names its workload otherwise (the count is then not Smo's to track).
    /// </summary>
    private async Task<int?> ReplicasAsync(GraphRecord graph, ServiceRecord service, CancellationToken cancellationToken)
    {
        if (deployments is null)
        {
            return null;
        }

        try
        {
            return (await deployments.GetReplicasAsync(graph.Project, service.Name, cancellationToken)).Desired;
        }
        catch (AdapterException missing) when (missing.Failure == AdapterFailure.NotFound)
        {
            return null;
        }
    }
}
