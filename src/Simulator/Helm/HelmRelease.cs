using System.Text.Json.Nodes;

namespace Smo.Simulator.Helm;

/// <summary>A release the helm stand-in installed: what Helm's release record keeps, minus the chart.</summary>
/// <param name="RenderedReplicas">Replicas the chart rendered; an upgrade keeps a live scale unless this changes (Helm's three-way merge).</param>
public sealed record HelmRelease(
    string Name,
    string Namespace,
    string Chart,
    int Revision,
    string Status,
    JsonObject Values,
    string? Cluster,
    int RenderedReplicas,
    DateTimeOffset FirstDeployed,
    DateTimeOffset LastDeployed);
