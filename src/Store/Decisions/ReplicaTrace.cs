using System.Text.Json;

namespace Smo.Store.Decisions;

/// <summary>
/// What a decision says about replicas, as recorded: the services it saw (<c>inputs.services</c>: a scaling
/// decision's carry their request rate), a scaling decision's replicas and replicas per cluster, a placement's
/// assignment and divisions. A part the decision did not record is JSON null.
/// </summary>
public sealed record ReplicaTrace(
    long Id,
    DateTimeOffset At,
    DecisionKind Kind,
    DecisionTrigger Trigger,
    JsonElement Services,
    JsonElement Replicas,
    JsonElement ReplicasByCluster,
    JsonElement Assignment,
    JsonElement Divisions)
{
    /// <summary>The most traces one read returns.</summary>
    public const int MaxRead = 100_000;
}
