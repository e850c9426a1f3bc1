namespace Smo.Hdag.Parsing;

/// <summary>
/// The descriptor shape upstream SMO read before April 2024 (<c>artifact.ref</c>, <c>artifact.spec.{type,
/// implementer}</c>, a service's own <c>connectionPoints</c>), refused with the field to write instead: every later
/// version read only the IM 0.4.0 fields, and nothing says what else of that format changed.
/// </summary>
internal static class Pre2024Shapes
{
    private const string Since = "upstream SMO read it until April 2024";

    /// <summary>True when <c>artifact</c> is in the old shape (each old field is then an error saying what to write).</summary>
    public static bool Artifact(MappingReader artifact)
    {
        var refused = false;
        if (!artifact.Has("ociImage") && artifact.Has("ref"))
        {
            var reference = artifact.Recognised("ref");
            var written = reference.Node is ScalarNode scalar ? scalar.Quoted : "<the chart reference>";
            reference.Error($"ref: {reference.Node!.Describe()}, the chart reference before April 2024", $"ociImage: {written} (IM 0.4.0)",
                $"{Since}; every later version failed with KeyError: 'ociImage'");
            refused = true;
        }

        if (!artifact.Has("ociConfig") && artifact.Has("spec"))
        {
            var spec = artifact.Recognised("spec");
            spec.Error($"spec: {spec.Node!.Describe()}, the artifact's type and implementer before April 2024",
                "ociConfig: {type: App, VO or cVO, implementer: HELM or WOT} (IM 0.4.0)", $"{Since}; later versions read ociConfig");
            refused = true;
        }

        return refused;
    }

    /// <summary>True when the service lists its <c>connectionPoints</c> itself, the old shape (then an error).</summary>
    public static bool Service(MappingReader service)
    {
        if (!service.Has("connectionPoints"))
        {
            return false;
        }

        service.Recognised("connectionPoints").Error("connectionPoints on the service itself, their place before April 2024",
            "deployment.intent.connectionPoints (IM 0.4.0)", $"{Since}; later versions read deployment.intent.connectionPoints");
        return true;
    }
}
