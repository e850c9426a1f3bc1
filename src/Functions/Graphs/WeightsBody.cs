using System.Text.Json;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Http;
using Smo.Hdag;

namespace Smo.Functions.Graphs;

/// <summary>
/// Objective weights as the API takes them, in <c>PUT /graphs/{name}/weights</c> and an <c>execute_strategy</c> body:
/// a JSON object of weight terms (<see cref="WeightTerms.All"/>) → numbers from 0 to 1,000,000, each term at most
/// once. Anything else is a 400 saying where and why, before anything changes.
/// </summary>
public static class WeightsBody
{
    /// <summary>Characters a weights body may have: seven terms with their numbers take about 200.</summary>
    public const int MaxLength = 4096;

    /// <summary>How much of a key or value that is not understood the answer quotes.</summary>
    private const int QuotedLength = 40;

    public const string Shape = "a JSON object of weight terms → numbers from 0 to 1000000, e.g. {\"utilisation\": 0.6}";

    /// <summary>The body of <c>PUT /graphs/{name}/weights</c>, as the API document describes it.</summary>
    public const string Description = "The graph's own objective weights, whole (terms left out take the host's Smo:Graphs:Weights): "
        + "a JSON object of terms — deployment, reoptimisation, communication, energy, carbon (placement), utilisation, transition (scaling) — "
        + "to numbers from 0 to 1000000, e.g. {\"utilisation\": 0.6, \"transition\": 0.1}; {} returns the graph to the defaults.";

    /// <param name="where">Where the object is in the request, e.g. <c>body</c>; a term's problem is at <c>where.term</c>.</param>
    public static (IReadOnlyDictionary<string, double>? Weights, IResult? Problem) Read(JsonElement value, string where)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return Refused($"The weights must be {Shape}; they are a JSON {value.ValueKind.ToString().ToLowerInvariant()}.", where);
        }

        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (property, index) in value.EnumerateObject().Select((property, index) => (property, index)))
        {
            if (index == WeightTerms.All.Count)
            {
                return Refused($"The weights have more than {WeightTerms.All.Count} keys; there are {WeightTerms.All.Count} terms: {Terms}.", where);
            }

            var name = property.Name;
            var at = $"{where}.{Quoted(name)}";
            if (!WeightTerms.All.Contains(name, StringComparer.Ordinal))
            {
                return Refused($"'{Quoted(name)}' is not a weight term; the terms are {Terms}.", at);
            }

            if (weights.ContainsKey(name))
            {
                return Refused($"'{name}' is given twice.", at);
            }

            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var weight) || !(weight is >= 0 and <= ObjectiveWeights.MaxWeight))
            {
                return Refused($"The weight of '{name}' must be a number from 0 to {ObjectiveWeights.MaxWeight:0}; it is {Quoted(property.Value.GetRawText())}.", at);
            }

            weights[name] = weight;
        }

        return (weights, null);
    }

    private static string Terms => string.Join(", ", WeightTerms.All);

    /// <summary>The start of <paramref name="text"/>, whole characters only: a lone surrogate cannot be written as JSON.</summary>
    private static string Quoted(string text)
    {
        var runes = text.EnumerateRunes().Take(QuotedLength + 1).ToList();
        return string.Concat(runes.Take(QuotedLength)) + (runes.Count > QuotedLength ? "…" : "");
    }

    private static (IReadOnlyDictionary<string, double>?, IResult?) Refused(string detail, string where) => (null, Problems.BadRequest(detail, where));
}
