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
    DateTimeOffset LastDeployed);
