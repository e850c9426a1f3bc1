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
    public string Message => Location is { } at
        ? $"{Path} ({at}): found {Found}; expected {Expected}"
        : $"{Path}: found {Found}; expected {Expected}";

    public override string ToString() => Message;
}
