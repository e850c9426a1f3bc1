using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// What the fuzzer found, one entry per distinct problem: the first input that showed it, and how many more did. A
/// problem is told apart by the exception's type and the method that threw it, or by its kind and route.
/// </summary>
public sealed class FuzzFindings
{
    private const int MaxShown = 30;

    private readonly Dictionary<string, (string First, int Count)> _found = new(StringComparer.Ordinal);

    public int Count => _found.Count;

    public void Add(string signature, string finding)
    {
        _found[signature] = _found.TryGetValue(signature, out var known) ? (known.First, known.Count + 1) : (finding, 1);
    }

    /// <summary>An exception's signature: its type and where it was thrown, the same for every input that meets it.</summary>
    public static string Signature(LoggedError error) =>
        error.Exception is { } exception ? $"{exception.GetType().FullName} in {exception.TargetSite?.DeclaringType?.FullName}.{exception.TargetSite?.Name}" : error.Message;

    public override string ToString() => string.Join("\n\n", _found.Values.Take(MaxShown)
        .Select(f => f.Count == 1 ? f.First : $"{f.First}\n  (and {f.Count - 1} more inputs like it)"))
        + (_found.Count > MaxShown ? $"\n\n… and {_found.Count - MaxShown} more distinct findings" : "");
}
