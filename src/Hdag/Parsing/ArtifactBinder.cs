using System.Text.Json;

namespace Smo.Hdag.Parsing;

/// <summary>Reads <c>artifact</c>: the chart reference, its type and implementer, and the Helm values.</summary>
internal static class ArtifactBinder
{
    private const string HelmRunner = "HELM";

    private static readonly string[] KnownImplementers = ["HELM", "WOT"];

    public static ServiceArtifact? Bind(Field field)
    {
        var artifact = field.AsMapping(required: true, "a mapping with ociImage, ociConfig and valuesOverwrite");
        if (artifact is null)
        {
            return null;
        }

        var pre2024 = Pre2024Shapes.Artifact(artifact);
        var image = artifact["ociImage"].AsString(required: !pre2024, "the chart reference, e.g. oci://registry:5000/project/chart");
        var config = artifact["ociConfig"].AsMapping(required: false, "a mapping with type and implementer");
        var type = config?["type"].AsString(required: false, "App, VO or cVO");
        var implementer = Implementer(config);
        config?.WarnAboutUnknownFields();
        var run = artifact["ociRun"].AsMapping(required: false, "a mapping with name and version");
        var runnerName = RunnerName(run);
        var runnerVersion = run?["version"].AsString(required: false, "a runner version such as v3");
        run?.WarnAboutUnknownFields();
        var values = Values(artifact["valuesOverwrite"], implementer);
        artifact.WarnAboutUnknownFields();
        return image is null || values is null || pre2024
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
            field.Warning($"'{implementer}'", "HELM or WOT (installed with Helm like HELM)", "so did the original SMO: every implementer but WOT was a Helm chart to it");
        }
        else if (ServiceArtifact.IsWotImplementer(implementer) && implementer != ServiceArtifact.WotImplementer)
        {
            // Smo matches any case; the original compared with "WOT" exactly, which changes where the placement values go.
            field.Warning($"'{implementer}'", $"WOT (read as WOT: the placement values go under valuesOverwrite.{ServiceArtifact.WotChartValuesKey})",
                $"the original SMO compared with 'WOT' exactly: it read '{implementer}' as a Helm chart and put the placement values at the top of valuesOverwrite");
        }

        return implementer;
    }

    /// <summary><c>ociRun.name</c>: Smo installs every chart with Helm, so another runner is said to be ignored.</summary>
    private static string? RunnerName(MappingReader? run)
    {
        var field = run?["name"];
        var name = field?.AsString(required: false, "a runner name such as HELM");
        if (name is not null && !name.Equals(HelmRunner, StringComparison.OrdinalIgnoreCase))
        {
            field!.Value.Warning(((ScalarNode)field.Value.Node!).Quoted, "HELM (installed with Helm: Smo has no other runner)", "the original SMO ignored ociRun and installed with Helm too");
        }

        return name;
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
