using System.Text.Json;
using Smo.Store.Json;

namespace Smo.Store.Graphs;

/// <summary>A service as the deploy first stores it; its cluster comes from the graph's placement.</summary>
/// <param name="Conditional">Event-triggered: installed only when its alert fires.</param>
public sealed record NewService(string Name, ServiceStatus Status, bool Conditional, ServiceArtifact Artifact, ServiceResources Resources)
{
    /// <summary>The final Helm values, after <c>clustersAffinity</c>/<c>serviceImportClusters</c> were injected.</summary>
    public JsonElement HelmValues { get; init; } = EmptyJson.Object;

    /// <summary>Every rule made from the service's events, not only the last (the original kept one).</summary>
    public IReadOnlyList<ServiceAlertRule> AlertRules { get; init; } = [];

    public ScalingParameters? Scaling { get; init; }

    public int DesiredReplicas { get; init; } = 1;

    public string? GrafanaUrl { get; init; }

    internal void Validate(string graph, string parameter)
    {
        Require.Label(Name, $"Graph '{graph}': the service name", parameter);
        var where = $"Service '{Name}' of graph '{graph}'";
        Require.Defined(Status, $"{where}: status", parameter);
        ServiceRules.Artifact(Artifact, where, parameter);
        ServiceRules.Resources(Resources, where, parameter);
        ServiceRules.HelmValues(HelmValues, where, parameter);
        ServiceRules.AlertRules(AlertRules, where, parameter);
        if (Scaling is not null)
        {
            ServiceRules.Scaling(Scaling, where, parameter);
        }

        ServiceRules.Replicas(DesiredReplicas, where, parameter);
    }
}
