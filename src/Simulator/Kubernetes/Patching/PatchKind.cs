namespace Smo.Simulator.Kubernetes.Patching;

/// <summary>The PATCH content types of apimachinery's types/patch.go.</summary>
public enum PatchKind
{
    JsonPatch,
    MergePatch,
    StrategicMergePatch,
    ApplyPatch,
}

public static class PatchKinds
{
    private static readonly (string MediaType, PatchKind Kind)[] MediaTypes =
    [
        ("application/json-patch+json", PatchKind.JsonPatch),
        ("application/merge-patch+json", PatchKind.MergePatch),
        ("application/strategic-merge-patch+json", PatchKind.StrategicMergePatch),
        ("application/apply-patch+yaml", PatchKind.ApplyPatch),
    ];

    /// <summary>The media types a type accepts, in the order the 415 message lists them; CRDs take no strategic merge.</summary>
    public static IReadOnlyList<string> Accepted(ResourceDefinition type) =>
        MediaTypes.Where(m => !type.IsCustomResource || m.Kind != PatchKind.StrategicMergePatch).Select(m => m.MediaType).ToList();

    /// <summary>The patch kind of a Content-Type header (parameters such as charset stripped), or null when not accepted.</summary>
    public static PatchKind? FromContentType(string? contentType, ResourceDefinition type)
    {
        var mediaType = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return Accepted(type).Contains(mediaType) ? MediaTypes.First(m => m.MediaType == mediaType).Kind : null;
    }
}
