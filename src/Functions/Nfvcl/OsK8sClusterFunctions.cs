using Smo.Adapters.Nfvcl;
using Smo.Functions.Http;
using Smo.Store.Nfvcl;

namespace Smo.Functions.Nfvcl;

/// <summary>The <c>/os_k8s</c> routes: Kubernetes clusters NFVCL builds on SMO's VIMs.</summary>
internal static class OsK8sClusterFunctions
{
    /// <summary>Workers a new cluster starts with: the original's fixed <c>worker_replicas</c> of 1, which NFVCL is asked for.</summary>
    private const int InitialWorkers = 1;

    public static Task<IResult> ListAsync(NfvclBackend backend, CancellationToken cancellationToken) =>
        backend.RunAsync(async () =>
            TypedResults.Ok((await backend.Clusters.ListAsync(cancellationToken)).Select(OsK8sClusterView.From)));

    public static Task<IResult> CreateAsync(HttpRequest request, NfvclBackend backend) =>
        backend.RunAsync(async () =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var body = await RequestFields.ReadBodyAsync(request);
            var (area, vimName) = (body.Area("pop_area"), body.Text("vim_name"));
            if (await backend.Vims.FindAsync(area, vimName, cancellationToken) is not { } vim)
            {
                return Problems.NotFound($"VIM not found: no VIM is named '{vimName}' in area {area}; GET /vims/smo_vims lists them.");
            }

            if (vim is not { ManagementNetwork: { } management, ServiceNetwork: { } service })
            {
                return Problems.Conflict($"VIM '{vimName}' has no management and service network; register it again with both.");
            }

            var blueprint = await backend.Nfvcl.CreateK8sClusterAsync(new NfvclK8sPlacement(area, management, service), cancellationToken);
            var cluster = await backend.Clusters.CreateAsync(new NewOsK8sCluster(blueprint, area, management, service, InitialWorkers), cancellationToken);
            backend.Log.LogInformation("Created OpenStack Kubernetes cluster {SmoId} (NFVCL blueprint {Blueprint}) on VIM {VimName} in area {PopArea}",
                cluster.SmoId, blueprint, vimName, area);
            return TypedResults.Created($"{request.PathBase}/os_k8s/cluster/{cluster.SmoId}",
                new NfvclMessage("OS K8S cluster created successfully", OsK8sClusterView.From(cluster)));
        });

    public static Task<IResult> GetAsync(string smoId, NfvclBackend backend, CancellationToken cancellationToken) =>
        backend.RunAsync(async () =>
            await FindAsync(backend, smoId, cancellationToken) is { } cluster
                ? TypedResults.Ok(OsK8sClusterView.From(cluster))
                : NotFound(smoId));

    /// <summary>Deletes NFVCL's blueprint first, so a failure there leaves the cluster listed rather than orphaned in NFVCL.</summary>
    public static Task<IResult> DeleteAsync(string smoId, NfvclBackend backend, CancellationToken cancellationToken) =>
        backend.RunAsync(async () =>
        {
            if (await FindAsync(backend, smoId, cancellationToken) is not { } cluster)
            {
                return NotFound(smoId);
            }

            if (cluster.NfvclId is { } blueprint)
            {
                await backend.Nfvcl.DeleteBlueprintAsync(blueprint, cancellationToken);
            }

            await backend.Clusters.DeleteAsync(smoId, cancellationToken);
            backend.Log.LogInformation("Deleted OpenStack Kubernetes cluster {SmoId} (NFVCL blueprint {Blueprint})", smoId, cluster.NfvclId);
            return TypedResults.Ok(new NfvclMessage("OS K8S cluster deleted successfully"));
        });

    public static Task<IResult> ScaleOutAsync(string smoId, NfvclBackend backend, CancellationToken cancellationToken) =>
        backend.RunAsync(async () =>
        {
            if (await FindAsync(backend, smoId, cancellationToken) is not { } cluster)
            {
                return NotFound(smoId);
            }

            if (cluster is not { NfvclId: { } blueprint, ManagementNetwork: { } management, ServiceNetwork: { } service })
            {
                return Problems.Conflict($"OS_K8S cluster {smoId} has no NFVCL blueprint or networks to add a node with; POST /os_k8s/sync/nfvcl_k8s refreshes it.");
            }

            await backend.Nfvcl.AddK8sWorkerAsync(blueprint, new NfvclK8sPlacement(cluster.PopArea, management, service), cancellationToken);
            var scaled = await backend.Clusters.AddWorkerAsync(smoId, cancellationToken);
            backend.Log.LogInformation("Added a worker to OpenStack Kubernetes cluster {SmoId}", smoId);
            return TypedResults.Ok(new NfvclMessage("Node added to k8s cluster successfully", scaled is null ? null : OsK8sClusterView.From(scaled)));
        });

    /// <summary>One message per cluster, as the original answered: added, updated, deleted or already synced.</summary>
    public static Task<IResult> SyncAsync(string? popArea, NfvclBackend backend, CancellationToken cancellationToken) =>
        backend.RunAsync(async () =>
        {
            var area = RequestFields.OptionalArea(popArea, "pop_area");
            var blueprints = await backend.Nfvcl.ListK8sBlueprintsAsync(area, cancellationToken);
            // A cluster whose blueprint NFVCL still creates (listed, no master area yet) is kept, not taken for gone.
            var result = await backend.Clusters.SyncAsync(area, blueprints.Running.Select(b =>
                new NewOsK8sCluster(b.Id, b.Area, b.ManagementNetwork, b.ServiceNetwork, b.WorkerCount) { MasterFlavors = b.MasterFlavors }).ToList(),
                blueprints.Listed, cancellationToken);
            if (result.HasChanges)
            {
                backend.Log.LogInformation("Synced OpenStack Kubernetes clusters from NFVCL: {Added} added, {Updated} updated, {Deleted} deleted",
                    result.Added.Count, result.Updated.Count, result.Deleted.Count);
            }

            return TypedResults.Ok(Messages(result.Added, "added")
                .Concat(Messages(result.Updated, "updated"))
                .Concat(Messages(result.Deleted, "deleted"))
                .Concat(Messages(result.Unchanged, "already synced")).ToList());
        });

    private static IEnumerable<NfvclMessage> Messages(IEnumerable<OsK8sClusterRecord> clusters, string what) =>
        clusters.Select(c => new NfvclMessage($"OS K8S cluster {c.SmoId} (NFVCL blueprint {c.NfvclId}) {what}", OsK8sClusterView.From(c)));

    private static IResult NotFound(string smoId) => Problems.NotFound($"OS_K8S cluster not found: no cluster has smo_id '{smoId}'.");

    /// <summary>The cluster of a route's smo_id; a blank one names none (the store refuses to look it up).</summary>
    private static async Task<OsK8sClusterRecord?> FindAsync(NfvclBackend backend, string smoId, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(smoId) ? null : await backend.Clusters.GetAsync(smoId, cancellationToken);
}
