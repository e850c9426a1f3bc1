namespace Smo.Hdag;

/// <summary>An application graph as an HDAG descriptor (IM 0.4.0) describes it, with the optional H3NI extensions.</summary>
/// <param name="Id">The graph's name (<c>hdaGraph.id</c>); unique per Smo.</param>
/// <param name="Services">The services in descriptor order.</param>
public sealed record HdaGraph(string Id, IReadOnlyList<HdaService> Services)
{
    public string? ImVersion { get; init; }

    public string? Version { get; init; }

    public string? Designer { get; init; }

    public string? Description { get; init; }

    public GraphIntent Intent { get; init; } = GraphIntent.None;

    /// <summary>H3NI: the placement strategy to use, as written; the caller resolves it in its strategy registry.</summary>
    public string? PlacementStrategy { get; init; }

    /// <summary>H3NI: the scaling strategy to use, as written; resolved by the caller like <see cref="PlacementStrategy"/>.</summary>
    public string? ScalingStrategy { get; init; }

    /// <summary>H3NI: how often the scaling loop decides replicas for this graph; null means the host's default.</summary>
    public TimeSpan? ScalingInterval { get; init; }

    /// <summary>H3NI: objective weights that override the strategies' defaults for this graph.</summary>
    public ObjectiveWeights Weights { get; init; } = ObjectiveWeights.None;

    public HdaService? Service(string id) => Services.FirstOrDefault(s => s.Id == id);
}
