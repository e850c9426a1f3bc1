using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Nfvcl;

/// <summary>
/// NFVCL over HTTP. Fixed from the original: every call uses the base URL (VIM deletion did not), areas are
/// compared as numbers (a string query parameter matched nothing), and failures are typed errors instead of
/// printed text; the VIM password is sent but never echoed.
/// </summary>
public sealed partial class NfvclClient(HttpClient http, IOptions<NfvclOptions> options) : INfvclClient
{
    private const string BlueprintsPath = "nfvcl/v2/api/blue/";

    public Task<string> CreateK8sClusterAsync(NfvclK8sPlacement placement, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["areas"] = new JsonArray(new JsonObject
            {
                ["area_id"] = placement.PopArea,
                ["is_master_area"] = true,
                ["mgmt_net"] = placement.ManagementNetwork,
                ["additional_networks"] = new JsonArray(placement.ServiceNetwork),
                ["service_net_required_ip_number"] = options.Value.ServiceNetworkIpCount,
                ["worker_replicas"] = 1,
            }),
        };
        var operation = $"create a Kubernetes cluster in area {placement.PopArea}";
        return SendAsync(operation, HttpMethod.Post, BlueprintsPath + "k8s", body, answer => BlueprintId(answer, operation), cancellationToken);
    }

    public Task<bool> DeleteBlueprintAsync(string blueprintId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blueprintId);
        return DeleteAsync($"delete blueprint {blueprintId}", BlueprintsPath + Uri.EscapeDataString(blueprintId), cancellationToken);
    }

    public Task AddK8sWorkerAsync(string blueprintId, NfvclK8sPlacement placement, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blueprintId);
        var body = new JsonObject
        {
            ["areas"] = new JsonArray(new JsonObject
            {
                ["area_id"] = placement.PopArea,
                ["is_master_area"] = false,
                ["mgmt_net"] = placement.ManagementNetwork,
                ["service_net"] = placement.ServiceNetwork,
                ["worker_replicas"] = 1,
            }),
        };
        return SendAsync($"add a worker to blueprint {blueprintId}", HttpMethod.Post,
            $"{BlueprintsPath}k8s/add_node?blue_id={Uri.EscapeDataString(blueprintId)}", body, _ => true, cancellationToken);
    }

    public async Task<NfvclK8sBlueprints> ListK8sBlueprintsAsync(int? popArea = null, CancellationToken cancellationToken = default)
    {
        var all = await SendAsync("list Kubernetes blueprints", HttpMethod.Get, BlueprintsPath + "?detailed=true", null,
            NfvclReader.K8sBlueprints, cancellationToken);
        return popArea is { } area ? all with { Running = [.. all.Running.Where(b => b.Area == area)] } : all;
    }

    public Task<IReadOnlyList<NfvclVim>> ListVimsAsync(CancellationToken cancellationToken = default) =>
        SendAsync("list VIMs", HttpMethod.Get, "v1/topology/", null, NfvclReader.Vims, cancellationToken);

    public Task RegisterVimAsync(NfvclVimRegistration vim, CancellationToken cancellationToken = default) =>
        SendAsync($"register {vim}", HttpMethod.Post, "v1/topology", NfvclTopology.Registration(vim, options.Value.OpenStackInsecure), _ => true, cancellationToken);

    public Task<bool> DeleteVimAsync(string vimName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vimName);
        return DeleteAsync($"delete VIM {vimName}", $"v1/topology/vim/{Uri.EscapeDataString(vimName)}", cancellationToken);
    }

    private Task<bool> DeleteAsync(string operation, string path, CancellationToken cancellationToken) =>
        ExternalCall.RunAsync(ExternalSystem.Nfvcl, operation, async () =>
        {
            using var response = await http.DeleteAsync(path, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await HttpFailure.FromResponseAsync(ExternalSystem.Nfvcl, operation, response, Detail, cancellationToken);
            }

            return true;
        }, cancellationToken);

    private Task<T> SendAsync<T>(string operation, HttpMethod method, string path, JsonObject? body, Func<JsonNode?, T> read, CancellationToken cancellationToken) =>
        ExternalCall.RunAsync(ExternalSystem.Nfvcl, operation, async () =>
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw await HttpFailure.FromResponseAsync(ExternalSystem.Nfvcl, operation, response, Detail, cancellationToken);
            }

            try
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                return read(string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text));
            }
            catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
            {
                throw new AdapterException(ExternalSystem.Nfvcl, operation, AdapterFailure.InvalidResponse, exception.Message, exception);
            }
        }, cancellationToken);

    /// <summary>The blueprint id: an <c>id</c> field, or the word after "Blueprint" in <c>detail</c> (what the original parsed).</summary>
    private static string BlueprintId(JsonNode? answer, string operation)
    {
        if (answer?["id"] is JsonValue id && id.TryGetValue<string>(out var text) && text.Length > 0)
        {
            return text;
        }

        var detail = answer?["detail"] is JsonValue d && d.TryGetValue<string>(out var s) ? s : null;
        var match = detail is null ? null : BlueprintInDetail().Match(detail);
        return match is { Success: true }
            ? match.Groups["id"].Value
            : throw new FormatException($"the answer names no blueprint id (no 'id', and 'detail' is '{detail}')");
    }

    /// <summary>FastAPI's <c>{"detail": "..."}</c> (a string, or a list of validation errors).</summary>
    private static string? Detail(string body)
    {
        var detail = JsonNode.Parse(body)?["detail"];
        return detail switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => detail.ToJsonString(),
        };
    }

    [GeneratedRegex(@"Blueprint\s+(?<id>[A-Za-z0-9_\-]+)")]
    private static partial Regex BlueprintInDetail();
}
