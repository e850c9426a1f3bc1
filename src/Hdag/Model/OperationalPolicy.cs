using System.Text.Json.Serialization;

namespace Smo.Hdag;

/// <summary>
/// H3NI operational policy of a service: when <see cref="PromQuery"/> holds for <see cref="GracePeriod"/>, Smo
/// performs <see cref="Action"/>. Like trigger events, a policy becomes a Prometheus alert rule named <see cref="Id"/>.
/// </summary>
/// <param name="Id">Unique among the service's events and policies; the alert name.</param>
public sealed record OperationalPolicy(string Id, PolicyAction Action, string PromQuery)
{
    public string? GracePeriod { get; init; }

    /// <summary>The kind of cluster to move to (e.g. <c>gpu</c>, <c>low-carbon</c>), as written; interpreted by the strategy.</summary>
    public string? Target { get; init; }

    /// <summary>The placement strategy to run for the action, as written; resolved by the caller.</summary>
    public string? Strategy { get; init; }
}

/// <summary>What a policy does: offload the service to another kind of cluster, or migrate it away from its current one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PolicyAction>))]
public enum PolicyAction
{
    Offload,
    Migrate,
}
