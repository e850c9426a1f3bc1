using System.Text.Json.Nodes;

namespace Smo.Adapters.Helm;

/// <summary>A service's Helm release: what <c>helm upgrade --install</c> needs.</summary>
/// <param name="Name">Release name (the service id).</param>
/// <param name="Chart">Chart reference, e.g. <c>oci://registry:5000/project/noise-reduction</c>.</param>
/// <param name="Namespace">Release namespace (the graph's project); created when missing.</param>
/// <param name="Version">Chart version; the latest when null.</param>
/// <param name="Values">Values file content (written as JSON, which helm reads as YAML).</param>
public sealed record HelmRelease(string Name, string Chart, string Namespace, string? Version, JsonObject Values);
