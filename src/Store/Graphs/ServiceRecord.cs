using System.Text.Json;

namespace Smo.Store.Graphs;

/// <summary>A stored service of a graph.</summary>
public sealed record ServiceRecord
{
    public required string Graph { get; init; }

    public required string Name { get; init; }

    public required ServiceStatus Status { get; init; }

    public required bool Conditional { get; init; }

    /// <summary>The cluster the graph's placement gives it (its home, when divided); null with static placement.</summary>
    public string? Cluster { get; init; }

    /// <summary>Its replicas per cluster when they are divided across clusters (Karmada static weights); null on one cluster.</summary>
    public IReadOnlyDictionary<string, int>? Division { get; init; }

    public required ServiceArtifact Artifact { get; init; }

    public required ServiceResources Resources { get; init; }

    public required JsonElement HelmValues { get; init; }

    public required IReadOnlyList<ServiceAlertRule> AlertRules { get; init; }

    public ScalingParameters? Scaling { get; init; }

    public required int DesiredReplicas { get; init; }

    public string? GrafanaUrl { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When its pods last had reason to start (installed, moved, scaled): how long its replicas have had to become ready.</summary>
    public DateTimeOffset RolloutAt { get; init; }

    /// <summary>When a placement last moved it from one cluster to another; null if it never moved.</summary>
    public DateTimeOffset? MovedAt { get; init; }

    /// <summary>The Helm revision Smo's last install or upgrade made; null when not known (or not installed).</summary>
    public int? HelmRevision { get; init; }

    /// <summary>Bumped by every change of the row: a writer that read this version can change it only if no one else did since.</summary>
    public long Version { get; init; }
}
