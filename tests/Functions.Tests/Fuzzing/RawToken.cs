namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// Text written into a generated document as it is, where a value goes: numbers no double holds (<c>1e400</c>),
/// YAML's <c>.nan</c>, tags, anchors and aliases, deep flow nesting. <see cref="DocumentWriter"/> knows it; nothing else does.
/// </summary>
public sealed record RawToken(string Text);
