using System.Text.Json;
using System.Text.Json.Serialization;
using Smo.Store.Nfvcl;

namespace Smo.Functions.Nfvcl;

/// <summary>A VIM as the original's <c>as_dict()</c> showed it (snake_case, <c>id</c> is the VIM's smo_id); no password.</summary>
internal sealed record VimView(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("pop_area")] int PopArea,
    [property: JsonPropertyName("vim_name")] string Name,
    [property: JsonPropertyName("vim_url")] string Url,
    [property: JsonPropertyName("vim_type")] string Type,
    [property: JsonPropertyName("vim_networks")] IReadOnlyList<string> Networks,
    [property: JsonPropertyName("mgmt_network")] string? ManagementNetwork,
    [property: JsonPropertyName("service_network")] string? ServiceNetwork,
    [property: JsonPropertyName("use_floating_ip")] bool UseFloatingIp)
{
    public static VimView From(VimRecord vim) =>
        new(vim.Id, vim.PopArea, vim.Name, vim.Url, vim.Type, vim.Networks, vim.ManagementNetwork, vim.ServiceNetwork, vim.UseFloatingIp);
}

/// <summary>An OpenStack Kubernetes cluster as the original's <c>as_dict()</c> showed it.</summary>
internal sealed record OsK8sClusterView(
    [property: JsonPropertyName("smo_id")] string SmoId,
    [property: JsonPropertyName("nfvcl_id")] string? NfvclId,
    [property: JsonPropertyName("pop_area")] int PopArea,
    [property: JsonPropertyName("is_master_area")] bool IsMasterArea,
    [property: JsonPropertyName("master_flavor")] IReadOnlyList<string> MasterFlavors,
    [property: JsonPropertyName("mgmt_network")] string? ManagementNetwork,
    [property: JsonPropertyName("service_network")] string? ServiceNetwork,
    [property: JsonPropertyName("running_workers")] int RunningWorkers,
    [property: JsonPropertyName("karmada_details")] JsonElement? KarmadaDetails)
{
    public static OsK8sClusterView From(OsK8sClusterRecord cluster) =>
        new(cluster.SmoId, cluster.NfvclId, cluster.PopArea, cluster.IsMasterArea, cluster.MasterFlavors, cluster.ManagementNetwork,
            cluster.ServiceNetwork, cluster.RunningWorkers, cluster.KarmadaDetails);
}

/// <summary>The original's <c>{"message": ...}</c> answers; the cluster or VIM concerned when there is one.</summary>
internal sealed record NfvclMessage(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("cluster"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OsK8sClusterView? Cluster = null,
    [property: JsonPropertyName("vim"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VimView? Vim = null);

/// <summary>A VIM sync's answer: the original's message, and every VIM now stored.</summary>
internal sealed record VimsSynced(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("vims")] IReadOnlyList<VimView> Vims);
