using System.Text.Json.Nodes;

namespace Smo.Adapters.Nfvcl;

/// <summary>Reads NFVCL's answers; a malformed entry is a <see cref="FormatException"/> naming it.</summary>
internal static class NfvclReader
{
    /// <summary>
    /// Kubernetes blueprints: the entries with a <c>state.master_area</c> run (other blueprint types, and Kubernetes
    /// ones still being created, have none); every entry's id is listed.
    /// </summary>
    public static NfvclK8sBlueprints K8sBlueprints(JsonNode? answer)
    {
        var list = answer as JsonArray ?? throw new FormatException("the blueprint list is not an array");
        var blueprints = new List<NfvclK8sBlueprint>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, index) in list.Select((e, i) => (e, i)))
        {
            var id = Text(entry?["id"]) ?? throw new FormatException($"blueprint [{index}] has no id");
            listed.Add(id);
            if (entry?["state"]?["master_area"] is not JsonObject master)
            {
                continue;
            }

            var area = master["area_id"] is JsonValue a && a.TryGetValue<int>(out var number)
                ? number
                : throw new FormatException($"blueprint {id}: state.master_area.area_id is not an integer");
            blueprints.Add(new NfvclK8sBlueprint(
                id,
                area,
                Strings(entry["create_config"]?["master_flavors"]),
                NameOf(master["mgmt_net"]),
                NameOf(master["service_net"]),
                entry["state"]?["progressive_worker_number"] is JsonValue w && w.TryGetValue<int>(out var workers) ? workers : 0));
        }

        return new NfvclK8sBlueprints(blueprints, listed);
    }

    public static IReadOnlyList<NfvclVim> Vims(JsonNode? answer)
    {
        var vims = answer?["vims"] as JsonArray ?? throw new FormatException("the topology has no vims array");
        return vims.Select((vim, index) =>
        {
            var name = Text(vim?["name"]) ?? throw new FormatException($"vims[{index}] has no name");
            var areas = vim!["areas"] as JsonArray;
            int? area = areas is { Count: > 0 } && areas[0] is JsonValue first && first.TryGetValue<int>(out var number) ? number : null;
            return new NfvclVim(name, area, Text(vim["vim_url"]) ?? "", Text(vim["vim_type"]) ?? "", Strings(vim["networks"]),
                vim["config"]?["use_floating_ip"] is JsonValue f && f.TryGetValue<bool>(out var floating) && floating);
        }).ToList();
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string? NameOf(JsonNode? node) => Text(node) ?? Text(node?["name"]);

    private static IReadOnlyList<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(item => NameOf(item) ?? item?.ToJsonString() ?? "").ToList(),
        null => [],
        _ => [NameOf(node) ?? node.ToJsonString()],
    };
}
