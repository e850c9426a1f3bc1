using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Smo.Adapters.Resilience;
using Smo.Adapters.Storage;

namespace Smo.Adapters.Grafana;

/// <summary>
/// <c>POST /api/dashboards/db</c> with <c>overwrite: true</c>: Smo owns its uids, so re-publishing replaces its
/// own dashboard. A 412 (a same-titled dashboard in the folder, a plugin dashboard) is a conflict with Grafana's
/// status and message. The model is archived as <c>&lt;uid&gt;.json</c> before it is sent. <c>DELETE
/// /api/dashboards/uid/{uid}</c> takes one down; the archived model stays, a record of what was shown.
/// </summary>
public sealed class GrafanaDashboardPublisher(
    HttpClient http,
    IOptions<GrafanaOptions> options,
    IBlobDocuments blobs,
    IOptions<BlobStorageOptions> storage) : IDashboardPublisher
{
    public async Task<PublishedDashboard> PublishAsync(GrafanaDashboard dashboard, CancellationToken cancellationToken = default)
    {
        var operation = $"publish dashboard {dashboard.Uid} ('{dashboard.Title}')";
        await blobs.PutAsync(storage.Value.DashboardContainer, $"{dashboard.Uid}.json", BinaryData.FromString(dashboard.Model.ToJsonString()),
            new Dictionary<string, string> { ["title"] = Uri.EscapeDataString(dashboard.Title) }, cancellationToken);
        var body = new JsonObject
        {
            ["dashboard"] = dashboard.Model.DeepClone(),
            ["message"] = "Published by Smo",
            ["overwrite"] = true,
        };
        if (!string.IsNullOrWhiteSpace(options.Value.FolderUid))
        {
            body["folderUid"] = options.Value.FolderUid;
        }

        return await ExternalCall.RunAsync(ExternalSystem.Grafana, operation, async () =>
        {
            using var response = await http.PostAsJsonAsync("api/dashboards/db", body, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw await HttpFailure.FromResponseAsync(ExternalSystem.Grafana, operation, response, GrafanaErrorMessage, cancellationToken);
            }

            try
            {
                var saved = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? throw new FormatException("the answer is empty");
                var url = saved["url"]?.GetValue<string>() ?? throw new FormatException("the answer has no url");
                return new PublishedDashboard(saved["uid"]?.GetValue<string>() ?? dashboard.Uid, new Uri(http.BaseAddress!, url.TrimStart('/')),
                    saved["version"]?.GetValue<int>() ?? 0);
            }
            catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
            {
                throw new AdapterException(ExternalSystem.Grafana, operation, AdapterFailure.InvalidResponse, exception.Message, exception);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// A 404 is Grafana's answer for a dashboard it does not have: gone already is what deleting asks for, so a repeat
    /// (a retried activity) or a dashboard someone removed by hand is no failure.
    /// </summary>
    public async Task<bool> DeleteAsync(string uid, CancellationToken cancellationToken = default)
    {
        if (!DashboardUid.IsValid(uid))
        {
            throw new ArgumentException($"'{uid}' is not a Grafana dashboard uid (1 to {DashboardUid.MaxLength} characters from [a-zA-Z0-9-_]).", nameof(uid));
        }

        var operation = $"delete dashboard {uid}";
        return await ExternalCall.RunAsync(ExternalSystem.Grafana, operation, async () =>
        {
            using var response = await http.DeleteAsync($"api/dashboards/uid/{uid}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await HttpFailure.FromResponseAsync(ExternalSystem.Grafana, operation, response, GrafanaErrorMessage, cancellationToken);
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>Grafana's <c>{"status":"name-exists","message":"..."}</c> or <c>{"message":"..."}</c>.</summary>
    private static string? GrafanaErrorMessage(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var message = root.TryGetProperty("message", out var m) ? m.GetString() : null;
        return root.TryGetProperty("status", out var s) && s.GetString() is { } status ? $"{status}: {message}" : message;
    }
}
