using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes.Patching;

namespace Smo.Simulator.Kubernetes;

/// <summary>A PATCH the apiserver has decoded: its kind (from the Content-Type) and its parsed body.</summary>
public sealed record PatchRequest(PatchKind Kind, JsonNode Document)
{
    /// <summary>
    /// Decodes a PATCH for <paramref name="type"/>, or returns the Status that rejects it, checked in the
    /// apiserver's order: media type (415), fieldManager for apply patches (422), body (400).
    /// </summary>
    public static bool TryRead(ResourceDefinition type, string? contentType, string body, string? fieldManager,
        [NotNullWhen(true)] out PatchRequest? request, [NotNullWhen(false)] out ApiResponse? rejection)
    {
        request = null;
        rejection = null;
        if (PatchKinds.FromContentType(contentType, type) is not { } kind)
        {
            rejection = StatusObjects.UnsupportedMediaType(PatchKinds.Accepted(type));
            return false;
        }
        if (kind == PatchKind.ApplyPatch && string.IsNullOrEmpty(fieldManager))
        {
            rejection = StatusObjects.Invalid("PatchOptions", "meta.k8s.io", "", [FieldError.Required("fieldManager", "is required for apply patch")]);
            return false;
        }
        try
        {
            request = new PatchRequest(kind, Patcher.ParseBody(body, kind));
            return true;
        }
        catch (PatchException e)
        {
            rejection = StatusObjects.BadRequest(e.Message);
            return false;
        }
    }

    /// <summary>The patched <paramref name="target"/>, or the 400 (malformed) or 422 (inapplicable) that says why not.</summary>
    public bool TryApply(JsonObject target, [NotNullWhen(true)] out JsonObject? patched, [NotNullWhen(false)] out ApiResponse? rejection)
    {
        patched = null;
        rejection = null;
        try
        {
            patched = Patcher.Apply(target, Document, Kind);
            return true;
        }
        catch (PatchException e)
        {
            rejection = e.Malformed ? StatusObjects.BadRequest(e.Message) : StatusObjects.UnprocessablePatch(e.Message);
            return false;
        }
    }
}
