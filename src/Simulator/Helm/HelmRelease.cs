using System.Text.Json.Nodes;

namespace Smo.Simulator.Helm;

/// <summary>A release the helm stand-in installed: what Helm's release record keeps, minus the chart.</summary>
/// <param name="RenderedReplicas">Replicas the chart rendered; an upgrade keeps a live scale unless this changes (Helm's three-way merge).</param>
/// <param name="Deployment">The Deployment the chart rendered: the values' <c>fullnameOverride</c>, else the release's name.</param>
/// <param name="Description">The release's description (<c>--description</c>), as <c>helm status</c> shows it.</param>
public sealed record HelmRelease(
    string Name,
    string Deployment,
    string Description,
    string Namespace,
    string Chart,
    int Revision,
    string Status,
    JsonObject Values,
    string? Cluster,
    int RenderedReplicas,
    DateTimeOffset FirstDeployed,
    DateTimeOffset LastDeployed)
{
    /// <summary>Helm's <c>--history-max</c> default: the revisions kept before the current one, oldest dropped first.</summary>
    public const int MaxHistory = 10;

    /// <summary>The revisions before this one, oldest first (what <c>helm history</c> lists and <c>helm rollback</c> returns to).</summary>
    public IReadOnlyList<ReleaseRevision> History { get; init; } = [];

    /// <summary>This revision as it is kept once a newer one supersedes it.</summary>
    public ReleaseRevision Superseded() => new(Revision, Chart, Values, Cluster, RenderedReplicas, Description, "superseded", LastDeployed);

    /// <summary>The history a newer revision keeps: this one's, then this one superseded, at most <see cref="MaxHistory"/>.</summary>
    public IReadOnlyList<ReleaseRevision> HistoryAfter() => [.. History.Append(Superseded()).TakeLast(MaxHistory)];
}

/// <summary>One past revision of a release: what <c>helm rollback</c> needs to bring it back, and what <c>helm history</c> shows.</summary>
public sealed record ReleaseRevision(
    int Revision, string Chart, JsonObject Values, string? Cluster, int RenderedReplicas, string Description, string Status, DateTimeOffset Updated);
