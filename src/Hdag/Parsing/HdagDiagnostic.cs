namespace Smo.Hdag.Parsing;

/// <summary>A 1-based position in the descriptor text.</summary>
public readonly record struct SourceLocation(int Line, int Column)
{
    public override string ToString() => $"line {Line}, column {Column}";
}

/// <summary>A problem with a descriptor: where (path and position), what was there and what should have been.</summary>
/// <param name="Path">JSON-path-like location, e.g. <c>hdaGraph.services[2].deployment.intent.compute.cpu</c>.</param>
/// <param name="Location">Position in the text, when the problem has one (an oversized body has none).</param>
public sealed record HdagDiagnostic(string Path, SourceLocation? Location, string Found, string Expected)
{
    /// <summary>
    /// What the original SMO did with this shape (failed with a KeyError, ignored it, read it otherwise), when a
    /// client moving from it would otherwise not know why Smo refuses or reads it differently; null when nothing to say.
    /// </summary>
    public string? Original { get; init; }

    /// <summary>Why this is a problem: what was found, what was expected and, when known, what the original SMO did.</summary>
    public string Why => Original is null ? $"found {Found}; expected {Expected}" : $"found {Found}; expected {Expected}; {Original}";

    public string Message => Location is { } at ? $"{Path} ({at}): {Why}" : $"{Path}: {Why}";

    public override string ToString() => Message;
}
