using System.Text.Json;
using System.Text.Json.Nodes;
using Smo.Hdag;

namespace Smo.Functions.Placement;

/// <summary>
/// The Helm values that carry a placement to the charts: <c>clustersAffinity</c> (the chart's PropagationPolicy)
/// and <c>serviceImportClusters</c> (where its ServiceImport goes: the clusters of the services that call it), at
/// the top level or, for WOT charts, under <c>voChartOverwrite</c>.
/// </summary>
public static class PlacementValues
{
    public const string ClustersAffinity = "clustersAffinity";
    public const string ServiceImportClusters = "serviceImportClusters";

    /// <summary>For each service, the clusters of the services that name it in their <c>connectionPoints</c> (no duplicates).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ServiceImports(HdaGraph graph, IReadOnlyDictionary<string, string> placement) =>
        graph.Services.ToDictionary(
            target => target.Id,
            target => (IReadOnlyList<string>)[.. graph.Services
                .Where(client => client.Id != target.Id && client.Intent.ConnectionPoints.Contains(target.Id) && placement.ContainsKey(client.Id))
                .Select(client => placement[client.Id])
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)],
            StringComparer.Ordinal);

    /// <summary>The values with the placement written in (the input is left untouched).</summary>
    public static JsonObject With(JsonElement values, string? implementer, string cluster, IReadOnlyList<string> importClusters)
    {
        var root = values.ValueKind == JsonValueKind.Object ? (JsonObject)JsonNode.Parse(values.GetRawText())! : [];
        var target = Target(root, implementer, create: true)!;
        target[ClustersAffinity] = new JsonArray(JsonValue.Create(cluster));
        target[ServiceImportClusters] = new JsonArray([.. importClusters.Select(c => (JsonNode?)JsonValue.Create(c))]);
        return root;
    }

    /// <summary>The clusters static placement pins the descriptor's service to (<see cref="PinnedClusters"/>); none without static placement.</summary>
    public static IReadOnlyList<string> StaticPins(GraphIntent intent, HdaService service) =>
        intent.UseStaticPlacement ? PinnedClusters(service.Artifact.ValuesOverwrite, service.Artifact.Implementer) : [];

    /// <summary>
    /// The clusters a descriptor with static placement pins a service to (its <c>clustersAffinity</c>, in order: the
    /// first is its home, the others where it may go when the first fails), or none; entries that are not names are skipped.
    /// </summary>
    public static IReadOnlyList<string> PinnedClusters(JsonElement values, string? implementer)
    {
        if (values.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var target = Target((JsonObject)JsonNode.Parse(values.GetRawText())!, implementer, create: false);
        return target?[ClustersAffinity] is JsonArray affinity
            ? [.. affinity.OfType<JsonValue>().Select(entry => entry.TryGetValue<string>(out var name) ? name : null).OfType<string>().Distinct(StringComparer.Ordinal)]
            : [];
    }

    private static JsonObject? Target(JsonObject root, string? implementer, bool create)
    {
        if (!ServiceArtifact.IsWotImplementer(implementer))
        {
            return root;
        }

        if (root[ServiceArtifact.WotChartValuesKey] is JsonObject nested)
        {
            return nested;
        }

        if (!create)
        {
            return null;
        }

        var created = new JsonObject();
        root[ServiceArtifact.WotChartValuesKey] = created;
        return created;
    }
}
