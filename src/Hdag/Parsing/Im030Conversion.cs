using System.Globalization;
using Smo.Hdag.Translation;

namespace Smo.Hdag.Parsing;

/// <summary>
/// Reads IM 0.3.0 descriptors as IM 0.4.0, on the source tree before binding. A descriptor is 0.3.0 by its
/// <c>imVersion</c>, or, without one, by its shape (see <see cref="Im030Shapes"/>). Each conversion that is
/// unambiguous is made and listed in one warning that says how the version was recognised; each that is not is an
/// error at its path saying what 0.4.0 shape to write. A descriptor declaring 0.4.0 or later is not converted: a
/// 0.3.0 shape in it is an error with the same advice.
/// </summary>
internal sealed class Im030Conversion(HdagParserOptions options, DiagnosticBag diagnostics)
{
    private const string ImVersionKey = "imVersion";
    private const string ConvertedVersion = "0.4.0";
    private const int ServicesListed = 10;

    private static readonly Version Im030 = new(0, 3);

    private readonly List<(int? Service, string Field, Im030Shapes.Conversion Conversion)> _converted = [];
    private bool _declaredNewer;

    /// <summary>The tree to bind: <paramref name="root"/> itself when there is nothing to convert.</summary>
    public SourceNode Apply(SourceNode root)
    {
        if (root is not MappingNode document || document["hdaGraph"] is not MappingNode graph)
        {
            return root;
        }

        var declared = Declared(graph[ImVersionKey]);
        if (declared is { } older && older < Im030)
        {
            return root;
        }

        var shape = FirstShape(graph);
        if (shape is null && declared != Im030)
        {
            return root;
        }

        _declaredNewer = declared is { } newer && newer > Im030;
        var converted = Graph(graph);
        if (!_declaredNewer)
        {
            var recognised = declared is null
                ? $"recognised by its shape: {shape}, and {(graph[ImVersionKey] is null ? "no imVersion" : "an imVersion that is no version")}"
                : $"recognised by imVersion {((ScalarNode)graph[ImVersionKey]!).Text}";
            Summarise(graph, recognised);
            if (declared is not null)
            {
                converted = Replace(converted, ImVersionKey, new ScalarNode(ConvertedVersion, ScalarKind.String, graph[ImVersionKey]!.Location));
            }
        }

        return Replace(document, "hdaGraph", converted);
    }

    /// <summary>major.minor of <c>imVersion</c>, or null when it is absent or not a version (the binder reports that).</summary>
    private static Version? Declared(SourceNode? node) =>
        node is ScalarNode { Kind: not ScalarKind.Null } scalar
        && Version.TryParse(scalar.Text.Contains('.', StringComparison.Ordinal) ? scalar.Text : scalar.Text + ".0", out var version)
            ? new Version(version.Major, version.Minor)
            : null;

    /// <summary>Where the descriptor first has a 0.3.0 shape, in words; null when it has none.</summary>
    private static string? FirstShape(MappingNode graph)
    {
        if (Im030Shapes.IsString(graph[Im030Shapes.GraphIntentKey]))
        {
            return "hdaGraph.hdaGraphIntent is a string";
        }

        foreach (var (intent, index) in Intents(graph))
        {
            if (intent[Im030Shapes.ResourcesKey] is not null)
            {
                return $"hdaGraph.services[{index}] has deployment.intent.resources";
            }

            if (Im030Shapes.IsString(intent[Im030Shapes.NetworkKey]))
            {
                return $"hdaGraph.services[{index}].deployment.intent.network is a string";
            }
        }

        return null;
    }

    private static IEnumerable<(MappingNode Intent, int Index)> Intents(MappingNode graph) =>
        (graph["services"] as SequenceNode)?.Items
            .Select((service, index) => ((service as MappingNode)?["deployment"] as MappingNode)?["intent"] is MappingNode intent ? (intent, index) : default)
            .Where(s => s.intent is not null)
        ?? [];

    private MappingNode Graph(MappingNode graph)
    {
        if (graph[Im030Shapes.GraphIntentKey] is ScalarNode intent && Im030Shapes.IsString(intent))
        {
            var conversion = Im030Shapes.GraphIntent(intent);
            Record(null, $"hdaGraph.{Im030Shapes.GraphIntentKey}", intent.Location, conversion);
            graph = Replace(graph, Im030Shapes.GraphIntentKey, conversion.Converted ? conversion.Replacement : null);
        }

        if (graph["services"] is not SequenceNode services)
        {
            return graph;
        }

        var items = services.Items.Select((service, index) => Service(service, index)).ToList();
        return Replace(graph, "services", new SequenceNode(items, services.Location));
    }

    private SourceNode Service(SourceNode service, int index)
    {
        if (service is not MappingNode serviceMapping
            || serviceMapping["deployment"] is not MappingNode deployment
            || deployment["intent"] is not MappingNode intent)
        {
            return service;
        }

        var path = $"hdaGraph.services[{index}].deployment.intent";
        if (intent[Im030Shapes.NetworkKey] is ScalarNode network && Im030Shapes.IsString(network))
        {
            var conversion = Im030Shapes.Network(network);
            Record(index, $"{path}.{Im030Shapes.NetworkKey}", network.Location, conversion);
            intent = Replace(intent, Im030Shapes.NetworkKey, null);
        }

        if (intent[Im030Shapes.ResourcesKey] is { } resources)
        {
            intent = Resources(intent, resources, index, path);
        }

        return Replace(serviceMapping, "deployment", Replace(deployment, "intent", intent));
    }

    private MappingNode Resources(MappingNode intent, SourceNode resources, int index, string path)
    {
        var field = $"{path}.{Im030Shapes.ResourcesKey}";
        if (intent[Im030Shapes.ComputeKey] is not null)
        {
            // Two answers to one question: which is meant is not Smo's to guess.
            Record(index, field, resources.Location, Im030Shapes.Conversion.Refused(Im030Shapes.ResourcesKey, resources.Describe(),
                "compute only (this service has both the 0.3.0 resources and the 0.4.0 compute)"));
            return Replace(intent, Im030Shapes.ResourcesKey, null);
        }

        var conversion = Im030Shapes.Resources(resources, options.Intents);
        Record(index, field, resources.Location, conversion);
        var compute = conversion.Converted ? conversion.Replacement! : Im030Shapes.StandInCompute(resources.Location, options.Intents);
        return Rename(intent, Im030Shapes.ResourcesKey, Im030Shapes.ComputeKey, compute);
    }

    private void Record(int? service, string path, SourceLocation location, Im030Shapes.Conversion conversion)
    {
        if (_declaredNewer)
        {
            diagnostics.Error(path, location, $"{conversion.Written}, the IM 0.3.0 shape of {conversion.Key}",
                $"{conversion.Meaning} (the IM 0.4.0 shape, as imVersion declares; or declare imVersion 0.3.0 for Smo to convert it)");
        }
        else if (!conversion.Converted)
        {
            diagnostics.Error(path, location, $"{conversion.Written} (IM 0.3.0)", conversion.Meaning, OriginalSmo.ReadOnlyIm040);
        }
        else
        {
            _converted.Add((service, service is null ? path : path[path.IndexOf(".deployment", StringComparison.Ordinal)..], conversion));
        }
    }

    /// <summary>One warning listing every conversion; a conversion made in many services is listed once with their indices.</summary>
    private void Summarise(MappingNode graph, string recognised)
    {
        var conversions = _converted
            .GroupBy(c => (c.Field, c.Conversion.Written, c.Conversion.Meaning))
            .Select(g => $"{Where(g.Select(c => c.Service).ToList(), g.Key.Field)} {g.Key.Written} → {g.Key.Meaning}")
            .ToList();
        var at = graph[ImVersionKey]?.Location ?? graph.Location;
        var path = graph[ImVersionKey] is null ? "hdaGraph" : $"hdaGraph.{ImVersionKey}";
        diagnostics.Warning(path, at, $"IM 0.3.0 ({recognised})",
            conversions.Count == 0
                ? $"IM {ConvertedVersion} (read as {ConvertedVersion}: nothing in it has a 0.3.0 shape)"
                : $"IM {ConvertedVersion} (converted: {string.Join("; ", conversions)})",
            OriginalSmo.ReadOnlyIm040);
    }

    private static string Where(IReadOnlyList<int?> services, string field)
    {
        if (services is [null])
        {
            return field;
        }

        var listed = string.Join(", ", services.Take(ServicesListed).Select(s => s!.Value.ToString(CultureInfo.InvariantCulture)));
        var more = services.Count > ServicesListed ? $", … ({services.Count} services)" : "";
        return $"hdaGraph.services[{listed}{more}]{field}";
    }

    /// <summary>The mapping with <paramref name="key"/>'s value replaced, removed when <paramref name="value"/> is null.</summary>
    private static MappingNode Replace(MappingNode mapping, string key, SourceNode? value) =>
        new([.. mapping.Entries
            .Where(e => e.Key.Text != key || value is not null)
            .Select(e => e.Key.Text == key ? new KeyValuePair<ScalarNode, SourceNode>(e.Key, value!) : e)], mapping.Location);

    private static MappingNode Rename(MappingNode mapping, string key, string newKey, SourceNode value) =>
        new([.. mapping.Entries.Select(e => e.Key.Text == key
            ? new KeyValuePair<ScalarNode, SourceNode>(new ScalarNode(newKey, ScalarKind.String, e.Key.Location), value)
            : e)], mapping.Location);
}
