
namespace Smo.Functions.Durable;

/// <summary>The management URLs Durable Functions returns from a starter (CreateCheckStatusResponse).</summary>
public sealed record ManagementUrls(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string SuspendPostUri,
    string ResumePostUri,
    string PurgeHistoryDeleteUri)
{
    public const string BasePath = "/runtime/webhooks/durabletask";

    /// <summary>Builds the URLs for an instance; keys are deliberately not embedded (no secrets in responses).</summary>
    public static ManagementUrls For(HttpRequest request, string instanceId, string hubName)
    {
        var instance = $"{request.Scheme}://{request.Host}{request.PathBase}{BasePath}/instances/{Uri.EscapeDataString(instanceId)}";
        var query = $"taskHub={Uri.EscapeDataString(hubName)}&connection=Storage";
        return new ManagementUrls(
            instanceId,
            $"{instance}?{query}",
            $"{instance}/raiseEvent/{{eventName}}?{query}",
            $"{instance}/terminate?reason={{text}}&{query}",
            $"{instance}/suspend?reason={{text}}&{query}",
            $"{instance}/resume?reason={{text}}&{query}",
            $"{instance}?{query}");
    }
}
