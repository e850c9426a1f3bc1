namespace Smo.Kpi.Agreement;

/// <summary>
/// How far the replay's decisions agree with the live system's (issue 13, point 4): each live decision of a service is
/// matched to the replay's decision of that service nearest in time (the earlier on a tie: what the replay had
/// decided by then), and agrees when the two replica counts are within <see cref="Tolerance"/> of each other.
/// A live decision for a service the replay never decided counts as compared and not agreeing.
/// </summary>
public static class DecisionAgreement
{
    /// <summary>Issue 13: "within one replica".</summary>
    public const int Tolerance = 1;

    public static AgreementResult Compare(IReadOnlyList<DecisionPoint> live, IReadOnlyList<DecisionPoint> replay)
    {
        var byService = replay
            .GroupBy(d => d.Service, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(d => d.At).ToArray(), StringComparer.Ordinal);
        var pairs = new List<MatchedDecision>(live.Count);
        foreach (var decision in live.OrderBy(d => d.At))
        {
            var nearest = byService.TryGetValue(decision.Service, out var candidates) ? Nearest(candidates, decision.At) : null;
            pairs.Add(new MatchedDecision(decision, nearest));
        }

        return new AgreementResult(pairs);
    }

    /// <summary>The decision nearest <paramref name="at"/> in a list sorted by time; the earlier of two as near.</summary>
    private static DecisionPoint Nearest(DecisionPoint[] sorted, double at)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = sorted[middle].At < at ? (middle + 1, high) : (low, middle);
        }

        if (low == 0)
        {
            return sorted[0];
        }

        if (low == sorted.Length)
        {
            return sorted[^1];
        }

        return at - sorted[low - 1].At <= sorted[low].At - at ? sorted[low - 1] : sorted[low];
    }
}

/// <summary>A live decision and the replay's nearest in time for the same service (null when the replay has none).</summary>
public sealed record MatchedDecision(DecisionPoint Live, DecisionPoint? Replay)
{
    public bool Agrees => Replay is not null && Math.Abs(Live.Replicas - Replay.Replicas) <= DecisionAgreement.Tolerance;

    /// <summary>Live minus replay replicas; null without a replay decision.</summary>
    public int? Difference => Replay is null ? null : Live.Replicas - Replay.Replicas;

    /// <summary>How far apart in time the two decisions are, in seconds.</summary>
    public double? Offset => Replay is null ? null : Math.Abs(Live.At - Replay.At);
}

/// <summary>Every live decision matched, and the share that agrees (<c>kpi_replay_agreement</c>).</summary>
public sealed record AgreementResult(IReadOnlyList<MatchedDecision> Pairs)
{
    public int Compared => Pairs.Count;

    public int Agreeing => Pairs.Count(p => p.Agrees);

    /// <summary>The share within one replica; NaN when nothing was compared (no figure, rather than a perfect one).</summary>
    public double Share => Compared == 0 ? double.NaN : (double)Agreeing / Compared;

    public int Unmatched => Pairs.Count(p => p.Replay is null);
}
