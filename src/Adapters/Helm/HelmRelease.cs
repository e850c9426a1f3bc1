using System.Text.Json.Nodes;

namespace Smo.Adapters.Helm;

/// <summary>A service's Helm release: what <c>helm upgrade --install</c> needs.</summary>
/// <param name="Name">Release name (derived from the graph and the service, unique per graph in a project).</param>
/// <param name="Chart">Chart reference, e.g. <c>oci://registry:5000/project/noise-reduction</c>.</param>
/// <param name="Namespace">Release namespace (the graph's project); created when missing.</param>
/// <param name="Version">Chart version; the latest when null.</param>
/// <param name="Values">Values file content (written as JSON, which helm reads as YAML).</param>
/// <param name="Description">The release's description (<c>--description</c>): who installed it, as <c>helm status</c> shows it.</param>
public sealed record HelmRelease(string Name, string Chart, string Namespace, string? Version, JsonObject Values, string? Description = null);

/// <summary>What <c>helm status -o json</c> says of a release.</summary>
/// <param name="Description">The description of its last revision (Smo's owner mark, or helm's "Install complete").</param>
/// <param name="Chart">The chart's name.</param>
public sealed record HelmReleaseStatus(string Name, string Namespace, string Status, string Description, string Chart);

/// <summary>A release as <c>helm list -o json</c> shows it.</summary>
/// <param name="Revision">Its latest revision (helm prints it as a string; 0 when it printed no number).</param>
/// <param name="Status">deployed, failed, uninstalled (kept with <c>--keep-history</c>), pending-upgrade, ...</param>
public sealed record HelmListedRelease(string Name, int Revision, string Status);
