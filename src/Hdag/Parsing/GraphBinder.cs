using System.Globalization;

namespace Smo.Hdag.Parsing;

/// <summary>Reads the document root and <c>hdaGraph</c> into an <see cref="HdaGraph"/>.</summary>
internal static class GraphBinder
{
    private static readonly Version SupportedIm = new(0, 4);

    private static readonly string[] ReplicasOverall = ["minReplicasOverall", "maxReplicasOverall"];

    public static HdaGraph? Bind(SourceNode root, HdagParserOptions options, DiagnosticBag diagnostics)
    {
        var document = new Field(root, SourcePath.Root, root.Location, diagnostics).AsMapping(required: true, "a mapping with hdaGraph at its root");
        var graph = document?["hdaGraph"].AsMapping(required: true, "a mapping with id and services");
        document?.WarnAboutUnknownFields();
        if (graph is null)
        {
            return null;
        }

        var imVersion = ImVersion(graph["imVersion"]);
        var id = graph.Has("id") || !graph.Has("name") ? KubernetesName.Read(graph["id"], KubernetesName.MaxGraphIdLength) : NameInsteadOfId(graph);
        var version = graph["version"].AsString(required: false, "the graph's version, e.g. \"1.0.0\"");
        var designer = graph["designer"].AsString(required: false, "the designer's name");
        var description = graph["description"].AsString(required: false, "a description");
        var intent = Intent(graph["hdaGraphIntent"]);
        var servicesField = graph["services"];
        var serviceFields = servicesField.AsSequence(required: true, "a non-empty sequence of services");
        if (serviceFields.Count > options.MaxServices)
        {
            // Binding thousands of services only to refuse them is work a hostile caller chooses: refuse first.
            servicesField.Error($"{serviceFields.Count} services", $"at most {options.MaxServices} services per graph (this host's limit)");
            return null;
        }

        var services = serviceFields.Select(s => ServiceBinder.Bind(s, options)).ToList();
        var placementStrategy = graph["placementStrategy"].AsString(required: false, "a placement strategy name");
        var scalingStrategy = graph["scalingStrategy"].AsString(required: false, "a scaling strategy name");
        var scalingInterval = ScalingInterval(graph["scalingInterval"]);
        var weights = ExtensionBinder.Weights(graph["weights"]);
        GraphRules.Check(services, diagnostics);
        GraphLimits.Check(services, servicesField, options);
        var result = id is null || intent is null
            ? null
            : new HdaGraph(id, [.. services.Select(s => s.Service).OfType<HdaService>()])
            {
                ImVersion = imVersion,
                Version = version,
                Designer = designer,
                Description = description,
                Intent = intent,
                PlacementStrategy = placementStrategy,
                ScalingStrategy = scalingStrategy,
                ScalingInterval = scalingInterval,
                Weights = weights,
            };
        graph.WarnAboutUnknownFields();
        return result;
    }

    private static string? ImVersion(Field field)
    {
        var text = field.AsString(required: false, "an information model version such as 0.4.0");
        if (text is null)
        {
            return null;
        }

        if (!Version.TryParse(text.Contains('.', StringComparison.Ordinal) ? text : text + ".0", out var version))
        {
            field.Warning($"'{text}'", "an information model version such as 0.4.0 (read as 0.4.0)");
        }
        else if (new Version(version.Major, version.Minor) < SupportedIm)
        {
            // Im030Conversion has made IM 0.3.0 a 0.4.0 tree; older models are known to no one.
            field.Error($"IM {text}", string.Create(CultureInfo.InvariantCulture, $"IM {SupportedIm}.x, or 0.3.0 which Smo converts (older models shape intents differently)"));
        }
        else if (new Version(version.Major, version.Minor) > SupportedIm)
        {
            field.Warning($"IM {text}", $"IM {SupportedIm}.x (read as {SupportedIm}.0; newer fields are ignored)");
        }

        return text;
    }

    private static GraphIntent? Intent(Field field)
    {
        var intent = field.AsMapping(required: false, "a mapping with useStaticPlacement, security, highAvailability, highPerformance and energyEfficiency");
        if (intent is null)
        {
            return field.IsAbsent ? GraphIntent.None : null;
        }

        var result = new GraphIntent(
            intent["useStaticPlacement"].AsBool() ?? false,
            intent.Enabled("security"),
            HighAvailability(intent["highAvailability"]),
            intent.Enabled("highPerformance"),
            intent.Enabled("energyEfficiency"));
        intent.WarnAboutUnknownFields();
        return result;
    }

    /// <summary>
    /// <c>{name, description}</c> without <c>id</c>, as an H3NI test posts: the graph's name is its <c>id</c>, and no SMO
    /// read <c>name</c>, so the error says which field to write rather than only that <c>id</c> is missing.
    /// </summary>
    private static string? NameInsteadOfId(MappingReader graph)
    {
        var name = graph.Recognised("name");
        var written = name.Node is ScalarNode scalar ? scalar.Quoted : "<the graph's name>";
        graph["id"].Error($"{Field.Missing}; there is a name, which no SMO reads", $"id: {written} (the graph's name is its id: {KubernetesName.Expected(KubernetesName.MaxGraphIdLength)})",
            OriginalSmo.KeyError("id"));
        return null;
    }

    /// <summary>
    /// <c>highAvailability</c>: its <c>enabled</c>, and the replica totals an H3NI demo descriptor adds, which no SMO reads:
    /// ignored with a warning naming what bounds replicas in Smo.
    /// </summary>
    private static bool HighAvailability(Field field)
    {
        var block = field.AsMapping(required: false, "a mapping with 'enabled'");
        var enabled = block?["enabled"].AsBool() ?? false;
        foreach (var key in ReplicasOverall.Where(k => block?.Has(k) == true))
        {
            var total = block!.Recognised(key);
            total.Warning($"{key}: {total.Node!.Describe()} (ignored)", "services[].scaling.minReplicas and maxReplicas, which bound each service's replicas",
                "the original SMO ignored it too: no SMO version read it");
        }

        block?.WarnAboutUnknownFields();
        return enabled;
    }

    private static TimeSpan? ScalingInterval(Field field)
    {
        var text = PrometheusDuration.Read(field);
        var interval = text is null ? null : PrometheusDuration.Parse(text);
        if (interval == TimeSpan.Zero)
        {
            field.Error($"'{text}'", "a positive duration");
            return null;
        }

        return interval;
    }
}
