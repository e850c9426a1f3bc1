using System.Text.Json;

namespace Smo.Hdag.Parsing;

/// <summary>Reads <c>artifact</c>: the chart reference, its type and implementer, and the Helm values.</summary>
internal static class ArtifactBinder
{
    private static readonly string[] KnownImplementers = ["HELM", "WOT"];

    public static ServiceArtifact? Bind(Field field)
    {
        var artifact = field.AsMapping(required: true, "a mapping with ociImage, ociConfig and valuesOverwrite");
        if (artifact is null)
        {
            return null;
        }

        var image = artifact["ociImage"].AsString(required: true, "the chart reference, e.g. oci://registry:5000/project/chart");
        var config = artifact["ociConfig"].AsMapping(required: false, "a mapping with type and implementer");
        var type = config?["type"].AsString(required: false, "App, VO or cVO");
        var implementer = Implementer(config);
        config?.WarnAboutUnknownFields();
        var run = artifact["ociRun"].AsMapping(required: false, "a mapping with name and version");
        var runnerName = run?["name"].AsString(required: false, "a runner name such as HELM");
        var runnerVersion = run?["version"].AsString(required: false, "a runner version such as v3");
        run?.WarnAboutUnknownFields();
        var values = Values(artifact["valuesOverwrite"], implementer);
        artifact.WarnAboutUnknownFields();
        return image is null || values is null
            ? null
            : new ServiceArtifact(image, values.Value) { Type = type, Implementer = implementer, RunnerName = runnerName, RunnerVersion = runnerVersion };
    }

    private static string? Implementer(MappingReader? config)
    {
        if (config is null)
        {
            return null;
        }

        var field = config["implementer"];
        var implementer = field.AsString(required: false, "HELM or WOT");
        if (implementer is not null && !KnownImplementers.Contains(implementer, StringComparer.OrdinalIgnoreCase))
        {
            field.Warning($"'{implementer}'", "HELM or WOT (installed with Helm like HELM)");
        }

        return implementer;
    }

    private static JsonElement? Values(Field field, string? implementer)
    {
        switch (field.Node)
        {
            case null or ScalarNode { Kind: ScalarKind.Null }:
                return JsonValues.EmptyObject;
            case MappingNode values:
                var chartValues = values[ServiceArtifact.WotChartValuesKey];
                if (ServiceArtifact.IsWotImplementer(implementer) && chartValues is not null and not MappingNode and not ScalarNode { Kind: ScalarKind.Null })
                {
                    // Smo writes the WOT chart's placement values into this key, so it must be a mapping.
                    field.Diagnostics.Error(SourcePath.Child(field.Path, ServiceArtifact.WotChartValuesKey), chartValues.Location, chartValues.Describe(), "a mapping of chart values (WOT implementer)");
                    return null;
                }

                return JsonValues.ToElement(values);
            default:
                field.Error(field.Node.Describe(), "a mapping of Helm values");
                return null;
        }
    }
}
