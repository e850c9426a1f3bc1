using System.Text.Json.Nodes;

namespace Smo.Adapters.Grafana;

/// <summary>A dashboard model ready to publish.</summary>
public sealed record GrafanaDashboard(string Uid, string Title, JsonObject Model);

/// <summary>Where Grafana shows a published dashboard.</summary>
public sealed record PublishedDashboard(string Uid, Uri Url, int Version);
