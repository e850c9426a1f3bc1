namespace Smo.Functions.Graphs.Translation;

/// <summary>The names of objective weights as stored with a graph and read back by the strategies.</summary>
public static class WeightTerms
{
    public const string Deployment = "deployment";
    public const string Reoptimisation = "reoptimisation";
    public const string Communication = "communication";
    public const string Energy = "energy";
    public const string Carbon = "carbon";
    public const string Utilisation = "utilisation";
    public const string Transition = "transition";

    /// <summary>Every term: placement's five, then scaling's two.</summary>
    public static IReadOnlyList<string> All { get; } = [Deployment, Reoptimisation, Communication, Energy, Carbon, Utilisation, Transition];

    /// <summary><paramref name="own"/> with the terms of <paramref name="changes"/> set to theirs.</summary>
    public static IReadOnlyDictionary<string, double> Merge(IReadOnlyDictionary<string, double> own, IReadOnlyDictionary<string, double> changes)
    {
        var merged = new Dictionary<string, double>(own, StringComparer.Ordinal);
        foreach (var (term, weight) in changes)
        {
            merged[term] = weight;
        }

        return merged;
    }
}
