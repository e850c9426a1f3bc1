namespace Smo.Functions.Placement;

/// <summary>
/// What a placement decides under besides the graph and the clusters: the time (carbon series are read at it and
/// averaged over <paramref name="Horizon"/> from it), the request rates measured now (a service's expected
/// utilisation, for its power), and whether services that moved recently stay where they are.
/// </summary>
/// <param name="Rates">Requests per second of the graph's services; a service absent is not measured (full power).</param>
/// <param name="KeepMovedSince">Services that moved at or after this time stay on their cluster (minimum dwell); null: none.</param>
public sealed record PlacementConditions(DateTimeOffset Now, TimeSpan Horizon, IReadOnlyDictionary<string, double> Rates, DateTimeOffset? KeepMovedSince = null)
{
    /// <summary>Services that have a cluster stay there when it can hold them (an update places what it adds, and only that).</summary>
    public bool KeepPlaced { get; init; }

    /// <summary>
    /// Services static placement pins (their <c>clustersAffinity</c>): each stays on its cluster; one whose cluster is
    /// not ready is left out of the decision, where it is, so it cannot keep the others from being placed.
    /// </summary>
    public IReadOnlyDictionary<string, string> Pinned { get; init; } = new Dictionary<string, string>();

    /// <summary>Now, over no horizon, without rates or dwell: what a caller that has none of them decides with.</summary>
    public static PlacementConditions At(DateTimeOffset now) => new(now, TimeSpan.Zero, new Dictionary<string, double>());
}
