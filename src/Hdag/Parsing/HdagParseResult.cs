using System.Text.Json;

namespace Smo.Hdag.Parsing;

/// <summary>The graph, or the errors that prevent it; warnings (unknown fields, assumed defaults) either way.</summary>
public sealed record HdagParseResult(HdaGraph? Graph, IReadOnlyList<HdagDiagnostic> Errors, IReadOnlyList<HdagDiagnostic> Warnings)
{
    public bool Succeeded => Graph is not null;

    /// <summary>The whole document as JSON (the <c>hdaGraph</c> wrapper included), for storing what was received; null when the text is not YAML/JSON.</summary>
    public JsonElement? Descriptor { get; init; }

    /// <summary>The body was a JSON string holding the descriptor text (what the original's clients send); positions refer to that inner text.</summary>
    public bool WasDoubleEncoded { get; init; }
}
