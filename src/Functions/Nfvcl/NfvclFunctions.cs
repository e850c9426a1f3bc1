using Microsoft.Azure.Functions.Worker;
using Smo.Adapters.Nfvcl;
using Smo.Functions.Http;
using Smo.Store.Nfvcl;

namespace Smo.Functions.Nfvcl;

/// <summary>
/// The original SMO's NFVCL routes (smo-original.md §1.2), same paths, status codes and <c>message</c> fields, with its
/// bugs fixed: VIM deletion reaches NFVCL, <c>pop_area</c> is an integer and a sync deletes only that area's stale
/// clusters, and the VIM password goes to NFVCL only — never stored, logged or returned.
/// </summary>
public sealed class NfvclFunctions(INfvclClient nfvcl, VimStore vims, OsK8sClusterStore clusters, CommandMethods methods, ILogger<NfvclFunctions> log)
{
    private readonly NfvclBackend _backend = new(nfvcl, vims, clusters, log);

    private const string PopArea = "pop_area";

    [Function("OsK8s_List")]
    public Task<IResult> ListClusters([HttpTrigger(AuthorizationLevel.Function, "get", Route = "os_k8s/clusters")] HttpRequest request, CancellationToken cancellationToken) =>
        OsK8sClusterFunctions.ListAsync(_backend, cancellationToken);

    [Function("OsK8s_Create")]
    public Task<IResult> CreateCluster([HttpTrigger(AuthorizationLevel.Function, "post", Route = "os_k8s/clusters")] HttpRequest request) =>
        OsK8sClusterFunctions.CreateAsync(request, _backend);

    [Function("OsK8s_Get")]
    public Task<IResult> GetCluster([HttpTrigger(AuthorizationLevel.Function, "get", Route = "os_k8s/cluster/{smo_id}")] HttpRequest request, string smo_id, CancellationToken cancellationToken) =>
        OsK8sClusterFunctions.GetAsync(smo_id, _backend, cancellationToken);

    [Function("OsK8s_Delete")]
    public Task<IResult> DeleteCluster([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "os_k8s/cluster/{smo_id}")] HttpRequest request, string smo_id, CancellationToken cancellationToken) =>
        OsK8sClusterFunctions.DeleteAsync(smo_id, _backend, cancellationToken);

    [Function("OsK8s_ScaleOut")]
    public Task<IResult> ScaleOutCluster([HttpTrigger(AuthorizationLevel.Function, "post", Route = "os_k8s/scale-out/{smo_id}")] HttpRequest request, string smo_id, CancellationToken cancellationToken) =>
        OsK8sClusterFunctions.ScaleOutAsync(smo_id, _backend, cancellationToken);

    [Function("OsK8s_Sync")]
    public Task<IResult> SyncClusters([HttpTrigger(AuthorizationLevel.Function, "post", Route = "os_k8s/sync/nfvcl_k8s")] HttpRequest request, CancellationToken cancellationToken) =>
        OsK8sClusterFunctions.SyncAsync(request.Query[PopArea].FirstOrDefault(), _backend, cancellationToken);

    /// <summary>GET is the original's form, kept for its clients where <see cref="CommandMethods"/> allows it.</summary>
    [Function("Vims_Sync")]
    public Task<IResult> SyncVims([HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "vims/sync/nfvcl_vims")] HttpRequest request, CancellationToken cancellationToken) =>
        methods.Refusal(request, "The VIM sync") is { } wrongMethod ? Task.FromResult(wrongMethod) : VimFunctions.SyncAsync(_backend, cancellationToken);

    [Function("Vims_List")]
    public Task<IResult> ListVims([HttpTrigger(AuthorizationLevel.Function, "get", Route = "vims/smo_vims")] HttpRequest request, CancellationToken cancellationToken) =>
        VimFunctions.ListAsync(request.Query[PopArea].FirstOrDefault(), _backend, cancellationToken);

    [Function("Vims_Register")]
    public Task<IResult> RegisterVim([HttpTrigger(AuthorizationLevel.Function, "post", Route = "vims/smo_vims")] HttpRequest request) =>
        VimFunctions.RegisterAsync(request, _backend);

    [Function("Vims_Get")]
    public Task<IResult> GetVim([HttpTrigger(AuthorizationLevel.Function, "get", Route = "vims/smo_vims/{smo_id}")] HttpRequest request, string smo_id, CancellationToken cancellationToken) =>
        VimFunctions.GetAsync(smo_id, _backend, cancellationToken);

    [Function("Vims_Delete")]
    public Task<IResult> DeleteVim([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "vims/smo_vims/{smo_id}")] HttpRequest request, string smo_id, CancellationToken cancellationToken) =>
        VimFunctions.DeleteAsync(smo_id, _backend, cancellationToken);
}
