using System.Text.Json;

namespace Smo.Store.Graphs;

/// <summary>A stored graph with its services in descriptor order.</summary>
public sealed record GraphRecord
{
    public required string Name { get; init; }

    public required string Project { get; init; }

    public required GraphStatus Status { get; init; }

    public required JsonElement Descriptor { get; init; }

    /// <summary>Service → cluster.</summary>
    public required IReadOnlyDictionary<string, string> Placement { get; init; }

    public required GraphStrategies Strategies { get; init; }

    public string? OrchestrationInstanceId { get; init; }

    public string? GrafanaUrl { get; init; }

    /// <summary>Why the graph is <see cref="GraphStatus.Failed"/>; null otherwise.</summary>
    public string? FailureReason { get; init; }

    /// <summary>The services a failed cluster holds while the graph is <see cref="GraphStatus.Degraded"/>; empty otherwise.</summary>
    public IReadOnlyList<DegradedService> Degraded { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Grows with every change to the graph's own row; pass it back to guarded writes.</summary>
    public required long Version { get; init; }

    public required IReadOnlyList<ServiceRecord> Services { get; init; }
}
