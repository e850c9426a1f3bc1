using Smo.Functions.Alerts;
using Smo.Functions.Clusters;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Http;
using Smo.Functions.Installs;
using Smo.Functions.Placement;
using Smo.Functions.Samples;
using Smo.Functions.Scaling;
using Smo.Orchestrations.Graphs;
using Smo.Orchestrations.Samples;

namespace Smo.Functions.Nfvcl;

/// <summary>
/// The original SMO's NFVCL routes (smo-original.md §1.2), same paths, status codes and <c>message</c> fields, with its
/// bugs fixed: VIM deletion reaches NFVCL, <c>pop_area</c> is an integer and a sync deletes only that area's stale
/// clusters, and the VIM password goes to NFVCL only — never stored, logged or returned.
/// </summary>
public static class NfvclFunctions
{
    public static IEndpointRouteBuilder MapNfvclFunctions(this IEndpointRouteBuilder functions)
    {
        functions.MapFunction("OsK8s_List", AuthorizationLevel.Function, "GET", "/os_k8s/clusters", OsK8sClusterFunctions.ListAsync);
        functions.MapFunction("OsK8s_Create", AuthorizationLevel.Function, "POST", "/os_k8s/clusters", OsK8sClusterFunctions.CreateAsync);
        functions.MapFunction("OsK8s_Get", AuthorizationLevel.Function, "GET", "/os_k8s/cluster/{smo_id}", OsK8sClusterFunctions.GetAsync);
        functions.MapFunction("OsK8s_Delete", AuthorizationLevel.Function, "DELETE", "/os_k8s/cluster/{smo_id}", OsK8sClusterFunctions.DeleteAsync);
        functions.MapFunction("OsK8s_ScaleOut", AuthorizationLevel.Function, "POST", "/os_k8s/scale-out/{smo_id}", OsK8sClusterFunctions.ScaleOutAsync);
        functions.MapFunction("OsK8s_Sync", AuthorizationLevel.Function, "POST", "/os_k8s/sync/nfvcl_k8s", OsK8sClusterFunctions.SyncAsync);
        functions.MapFunction("Vims_Sync", AuthorizationLevel.Function, "GET", "/vims/sync/nfvcl_vims", VimFunctions.SyncAsync);
        functions.MapFunction("Vims_List", AuthorizationLevel.Function, "GET", "/vims/smo_vims", VimFunctions.ListAsync);
        functions.MapFunction("Vims_Register", AuthorizationLevel.Function, "POST", "/vims/smo_vims", VimFunctions.RegisterAsync);
        functions.MapFunction("Vims_Get", AuthorizationLevel.Function, "GET", "/vims/smo_vims/{smo_id}", VimFunctions.GetAsync);
        functions.MapFunction("Vims_Delete", AuthorizationLevel.Function, "DELETE", "/vims/smo_vims/{smo_id}", VimFunctions.DeleteAsync);
        return functions;
    }
}
