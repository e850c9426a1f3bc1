using System.Globalization;
using System.Text.Json;

namespace Smo.Adapters.Helm;

/// <summary>Reads <c>helm status -o json</c> (the release's name, namespace, status, description and chart name) and <c>helm list -o json</c>.</summary>
internal static class HelmStatusReader
{
    /// <summary>The releases of <c>helm list -o json</c> (an array of releases; helm prints nothing or <c>[]</c> for none).</summary>
    public static IReadOnlyList<HelmListedRelease> Releases(string json, string operation)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return [.. document.RootElement.EnumerateArray()
                .Select(r => new HelmListedRelease(Text(r, "name"), Revision(r), Text(r, "status")))
                .Where(r => r.Name.Length > 0)];
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw new AdapterException(ExternalSystem.Helm, operation, AdapterFailure.InvalidResponse, "helm list did not print the releases as JSON", exception);
        }
    }

    public static HelmReleaseStatus Read(string json, string operation)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var info = root.GetProperty("info");
            return new HelmReleaseStatus(
                root.GetProperty("name").GetString() ?? "",
                root.GetProperty("namespace").GetString() ?? "",
                Text(info, "status"),
                Text(info, "description"),
                root.TryGetProperty("chart", out var chart) && chart.TryGetProperty("metadata", out var metadata) ? Text(metadata, "name") : "");
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new AdapterException(ExternalSystem.Helm, operation, AdapterFailure.InvalidResponse, "helm status did not print the release as JSON", exception);
        }
    }

    /// <summary>helm list prints the revision as a string ("3"); 0 when there is no number.</summary>
    private static int Revision(JsonElement release)
    {
        if (!release.TryGetProperty("revision", out var revision))
        {
            return 0;
        }

        return revision.ValueKind switch
        {
            JsonValueKind.String when int.TryParse(revision.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            JsonValueKind.Number when revision.TryGetInt32(out var number) => number,
            _ => 0,
        };
    }

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
