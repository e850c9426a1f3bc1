using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// What an accepted request may change, by the API's documented effects, named as <see cref="StateSnapshot"/> owners.
/// A graph's effects go on after the answer (its orchestration places, installs, removes), so owners of graphs and
/// namespaces stay touched for the rest of the run; clusters, VIMs and OpenStack clusters change within the request,
/// so theirs are touched for the batch only; a graph's weights (200) touch the graph too. A refused request touches
/// nothing, and neither does a 2xx that changes nothing by design (reads, what-if plans): whatever they changed is found.
/// </summary>
public sealed partial class Touches
{
    private readonly HashSet<string> _lasting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _batch = new(StringComparer.Ordinal);

    /// <summary>Graphs named by accepted requests, in the order first touched.</summary>
    public IEnumerable<string> Graphs => _lasting.Where(o => o.StartsWith("graph:", StringComparison.Ordinal)).Select(o => o["graph:".Length..]);

    public bool Allows(string owner) =>
        _lasting.Contains(owner) || _batch.Contains(owner)
        || (owner.StartsWith("vim:", StringComparison.Ordinal) && _batch.Contains("vim:*"))
        || (owner.StartsWith("os-k8s:", StringComparison.Ordinal) && _batch.Contains("os-k8s:*"));

    public void Graph(string name, string? project)
    {
        _lasting.Add($"graph:{name}");
        if (project is not null)
        {
            _lasting.Add($"namespace:{project}");
        }
    }

    public void EndBatch() => _batch.Clear();

    /// <summary>Records what <paramref name="request"/>, answered with <paramref name="status"/> and <paramref name="body"/>, may have changed.</summary>
    public void Record(FuzzRequest request, int status, string body, IReadOnlyDictionary<string, string> projects)
    {
        if (status is < 200 or > 299)
        {
            return;
        }

        var path = request.PathAndQuery.Split('?')[0];
        if (status == StatusCodes.Status202Accepted && DeployRoute().IsMatch(path) && Json(body) is { } deployed)
        {
            Graph(deployed.GetProperty("name").GetString()!, deployed.GetProperty("project").GetString());
        }
        else if ((status == StatusCodes.Status202Accepted || request.Method == "PUT" && WeightsRoute().IsMatch(path)) && GraphRoute().Match(path) is { Success: true } graph)
        {
            var name = Uri.UnescapeDataString(graph.Groups["name"].Value);
            Graph(name, projects.GetValueOrDefault(name));
        }
        else if (path == "/alerts")
        {
            foreach (var name in HandledGraphs(body))
            {
                Graph(name, projects.GetValueOrDefault(name));
            }
        }
        else if (EnergyRoute().Match(path) is { Success: true } cluster)
        {
            _batch.Add($"cluster:{Uri.UnescapeDataString(cluster.Groups["name"].Value)}");
        }
        else if (path.StartsWith("/vims/", StringComparison.Ordinal) && request.Method != "GET" || path == "/vims/sync/nfvcl_vims")
        {
            _batch.Add(Json(body)?.TryGetProperty("vim", out var vim) == true ? $"vim:{vim.GetProperty("id")}" : path.StartsWith("/vims/smo_vims/", StringComparison.Ordinal)
                ? $"vim:{Uri.UnescapeDataString(path["/vims/smo_vims/".Length..])}" : "vim:*");
        }
        else if (path.StartsWith("/os_k8s/", StringComparison.Ordinal) && request.Method != "GET")
        {
            _batch.Add(Json(body)?.TryGetProperty("cluster", out var created) == true && created.TryGetProperty("smo_id", out var id) ? $"os-k8s:{id.GetString()}"
                : OsK8sRoute().Match(path) is { Success: true } one ? $"os-k8s:{Uri.UnescapeDataString(one.Groups["id"].Value)}" : "os-k8s:*");
        }
        else if (ManagementInstanceRoute().Match(path) is { Success: true } instance && request.Method != "GET"
            && Uri.UnescapeDataString(instance.Groups["id"].Value) is var id && id.StartsWith("graph:", StringComparison.Ordinal))
        {
            // A message the management API delivered to a graph's orchestration (terminate, suspend, an event).
            Graph(id["graph:".Length..], projects.GetValueOrDefault(id["graph:".Length..]));
        }
        else if (path.StartsWith("/samples/", StringComparison.Ordinal) || path.StartsWith("/runtime/webhooks/durabletask/", StringComparison.Ordinal) && request.Method != "GET")
        {
            _lasting.Add("samples");
        }
    }

    /// <summary>
    /// The graphs of the alerts an accepted webhook says it handled: the alerts it skipped (their graph unknown, or no rule
    /// of it Smo wrote) must change nothing, whatever graph they name.
    /// </summary>
    public static IReadOnlyList<string> HandledGraphs(string answer) =>
        Json(answer) is { } received && received.TryGetProperty("handled", out var handled) && handled.ValueKind == JsonValueKind.Array
            ? [.. handled.EnumerateArray().Select(h => h.GetProperty("graph").GetString()!).Distinct()]
            : [];

    private static JsonElement? Json(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex("^/project/[^/]+/graphs/?$")]
    private static partial Regex DeployRoute();

    [GeneratedRegex("^/graphs/(?<name>[^/]+)(/.*)?$")]
    private static partial Regex GraphRoute();

    [GeneratedRegex("^/graphs/[^/]+/weights/?$")]
    private static partial Regex WeightsRoute();

    [GeneratedRegex("^/clusters/(?<name>[^/]+)/energy_profile/?$")]
    private static partial Regex EnergyRoute();

    [GeneratedRegex("^/os_k8s/(cluster|scale-out)/(?<id>[^/]+)/?$")]
    private static partial Regex OsK8sRoute();

    [GeneratedRegex("^/runtime/webhooks/durabletask/instances/(?<id>[^/]+)")]
    private static partial Regex ManagementInstanceRoute();
}
