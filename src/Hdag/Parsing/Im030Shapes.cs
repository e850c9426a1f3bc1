using Smo.Hdag.Translation;

namespace Smo.Hdag.Parsing;

/// <summary>
/// The IM 0.3.0 shapes and their IM 0.4.0 equivalents: a string <c>hdaGraphIntent</c>, a string <c>intent.network</c>
/// and <c>intent.resources</c> (one size for everything) instead of <c>intent.compute</c>. Each conversion is either
/// the 0.4.0 node that means the same, or why there is none and what to write instead.
/// </summary>
internal static class Im030Shapes
{
    public const string ResourcesKey = "resources";
    public const string ComputeKey = "compute";
    public const string NetworkKey = "network";
    public const string GraphIntentKey = "hdaGraphIntent";

    private const string IntentBlocks = "security, highAvailability, highPerformance, energyEfficiency";

    /// <summary>
    /// 0.3.0's graph intent phrases with one 0.4.0 block each. "Low latency" is <c>highPerformance</c>: the 0.4.0 block
    /// the IM describes as the end-to-end latency intent of all services.
    /// </summary>
    private static readonly Dictionary<string, string> GraphIntents = new(StringComparer.OrdinalIgnoreCase)
    {
        ["low latency"] = "highPerformance",
        ["high performance"] = "highPerformance",
        ["high availability"] = "highAvailability",
        ["energy efficiency"] = "energyEfficiency",
        ["security"] = "security",
    };

    /// <summary>One 0.3.0 node read as 0.4.0: the node to put in its place (null: none), or why it cannot be.</summary>
    /// <param name="Written">How the 0.3.0 value reads in a message, e.g. <c>'small'</c>.</param>
    /// <param name="Meaning">The 0.4.0 shape it becomes (a conversion) or that should be written (a refusal).</param>
    public sealed record Conversion(string Key, SourceNode? Replacement, string Written, string Meaning, bool Converted)
    {
        public static Conversion Refused(string key, string written, string toWrite) => new(key, null, written, toWrite, Converted: false);
    }

    /// <summary>A string where 0.4.0 has a mapping (<c>hdaGraphIntent</c>, <c>network</c>): the 0.3.0 shape. Null means absent in both.</summary>
    public static bool IsString(SourceNode? node) => node is ScalarNode { Kind: ScalarKind.String };

    public static Conversion GraphIntent(ScalarNode intent)
    {
        var phrase = string.Join(' ', intent.Text.Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries));
        if (phrase.Length == 0)
        {
            return new Conversion(GraphIntentKey, null, Written(intent), "absent (no graph intent)", Converted: true);
        }

        if (!GraphIntents.TryGetValue(phrase, out var block))
        {
            return Conversion.Refused(GraphIntentKey, Written(intent),
                $"a mapping of the 0.4.0 intents that apply ({IntentBlocks}, useStaticPlacement), e.g. hdaGraphIntent: {{highPerformance: {{enabled: true}}}}; {intent.Quoted} has no 0.4.0 equivalent");
        }

        var enabled = Mapping(intent.Location, ("enabled", new ScalarNode("true", ScalarKind.Boolean, intent.Location)));
        return new Conversion(GraphIntentKey, Mapping(intent.Location, (block, enabled)), Written(intent), $"{{{block}: {{enabled: true}}}}", Converted: true);
    }

    public static Conversion Network(ScalarNode network) => string.IsNullOrWhiteSpace(network.Text)
        ? new Conversion(NetworkKey, null, Written(network), "absent (no network intent)", Converted: true)
        : Conversion.Refused(NetworkKey, Written(network),
            "network: {latencies: [{connectionPoint: <a service id>, qos: ultralow, low or best-effort}]}, naming the link the intent is for (a 0.3.0 network string names none)");

    /// <summary><c>resources: small</c> is that size for cpu, ram and storage, when every table has it.</summary>
    public static Conversion Resources(SourceNode resources, IntentTables tables)
    {
        var all = $"compute: {{cpu: <{string.Join("|", tables.CpuCores.Keys)}>, ram: <{string.Join("|", tables.MemoryGiB.Keys)}>, storage: <{string.Join("|", tables.StorageGB.Keys)}>}}";
        if (resources is not ScalarNode { Kind: not ScalarKind.Null } size || string.IsNullOrWhiteSpace(size.Text))
        {
            return Conversion.Refused(ResourcesKey, resources.Describe(), all);
        }

        var sizes = new[] { ("cpu", tables.CpuCores), ("ram", tables.MemoryGiB), ("storage", tables.StorageGB) }
            .Select(t => (Key: t.Item1, Table: t.Item2, Size: IntentSizes.Canonical(t.Item2, size.Text)))
            .ToList();
        if (sizes.FirstOrDefault(s => s.Size is null) is { Key: not null } missing)
        {
            var written = string.Join(", ", sizes.Select(s => $"{s.Key}: {s.Size ?? $"<{string.Join("|", s.Table.Keys)}>"}"));
            return Conversion.Refused(ResourcesKey, Written(size),
                $"compute: {{{written}}}: {size.Quoted} is no {missing.Key} size (the {missing.Key} sizes are {string.Join(", ", missing.Table.Keys)}), so which one is meant is yours to say");
        }

        var compute = Mapping(size.Location, [.. sizes.Select(s => (s.Key, (SourceNode)new ScalarNode(s.Size!, ScalarKind.String, size.Location)))]);
        return new Conversion(ComputeKey, compute, Written(size), $"compute: {{{string.Join(", ", sizes.Select(s => $"{s.Key}: {s.Size}"))}}}", Converted: true);
    }

    /// <summary>
    /// What the binder reads in place of a <c>resources</c> that could not be converted: the smallest valid compute,
    /// so the service's compute is not reported a second time (the graph is refused by the conversion's error).
    /// </summary>
    public static SourceNode StandInCompute(SourceLocation location, IntentTables tables) =>
        Mapping(location,
            ("cpu", new ScalarNode(tables.CpuCores.Keys.First(), ScalarKind.String, location)),
            ("ram", new ScalarNode(tables.MemoryGiB.Keys.First(), ScalarKind.String, location)),
            ("storage", new ScalarNode(tables.StorageGB.Keys.First(), ScalarKind.String, location)));

    private static string Written(ScalarNode node) => node.Kind == ScalarKind.Null ? "null" : node.Quoted;

    private static MappingNode Mapping(SourceLocation location, params (string Key, SourceNode Value)[] entries) =>
        new([.. entries.Select(e => new KeyValuePair<ScalarNode, SourceNode>(new ScalarNode(e.Key, ScalarKind.String, location), e.Value))], location);
}
