using System.Globalization;

namespace Smo.Hdag.Parsing;

/// <summary>Reads the document root and <c>hdaGraph</c> into an <see cref="HdaGraph"/>.</summary>
internal static class GraphBinder
{
    private static readonly Version SupportedIm = new(0, 4);

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
        var id = KubernetesName.Read(graph["id"], KubernetesName.MaxGraphIdLength);
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
            // IM 0.3.0 had other shapes (hdaGraphIntent and network as strings, resources instead of compute).
            field.Error($"IM {text}", string.Create(CultureInfo.InvariantCulture, $"IM {SupportedIm}.x (older models shape intents differently)"));
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
            intent.Enabled("highAvailability"),
            intent.Enabled("highPerformance"),
            intent.Enabled("energyEfficiency"));
        intent.WarnAboutUnknownFields();
        return result;
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
