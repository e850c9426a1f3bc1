using System.Text.Json;

namespace Smo.Store.Graphs;

/// <summary>
/// A change to one service; null fields keep what is stored. The cluster is not here: it follows the graph's
/// placement (<see cref="GraphStore.SetPlacementAsync"/>), so the two can never disagree.
/// </summary>
public sealed record ServiceUpdate
{
    public ServiceStatus? Status { get; init; }

    public JsonElement? HelmValues { get; init; }

    public IReadOnlyList<ServiceAlertRule>? AlertRules { get; init; }

    public ScalingParameters? Scaling { get; init; }

    public int? DesiredReplicas { get; init; }

    public string? GrafanaUrl { get; init; }

    /// <summary>
    /// The Helm revision the install, upgrade or uninstall behind a <see cref="Status"/> change left: written with
    /// every status change, so a status written without it leaves the revision unknown (null).
    /// </summary>
    public int? HelmRevision { get; init; }

    /// <summary>
    /// Apply only if the row is still at this version (optimistic concurrency): a run of an activity that lost its
    /// lease, finishing late, cannot overwrite what a newer run wrote meanwhile.
    /// </summary>
    public long? ExpectedVersion { get; init; }

    internal void Validate(string graph, string service, string parameter)
    {
        var where = $"Service '{service}' of graph '{graph}'";
        if (Status is null && HelmValues is null && AlertRules is null && Scaling is null && DesiredReplicas is null && GrafanaUrl is null)
        {
            throw new ArgumentException($"{where}: the update changes nothing; set at least one field.", parameter);
        }

        if (Status is { } status)
        {
            Require.Defined(status, $"{where}: status", parameter);
        }

        if (HelmRevision is { } revision && (Status is null || revision < 1))
        {
            throw new ArgumentException(
                $"{where}: Helm revision {revision} must be at least 1 and goes with the status change of the install that made it.", parameter);
        }

        if (HelmValues is { } values)
        {
            ServiceRules.HelmValues(values, where, parameter);
        }

        if (AlertRules is not null)
        {
            ServiceRules.AlertRules(AlertRules, where, parameter);
        }

        if (Scaling is not null)
        {
            ServiceRules.Scaling(Scaling, where, parameter);
        }

        if (DesiredReplicas is { } replicas)
        {
            ServiceRules.Replicas(replicas, where, parameter);
        }
    }
}
