using System.Text.Json.Serialization;

namespace Smo.Hdag;

/// <summary>
/// A service's own <c>intent.highAvailability</c> (the shape NEPHELE's resilience demo sketches in its comments):
/// whether it runs on several clusters, on how many, and whether Smo moves it off a failed cluster by itself.
/// </summary>
/// <param name="Enabled">
/// True or false when the block says so; null when it is absent or says nothing, so the graph's
/// <c>hdaGraphIntent.highAvailability</c> decides.
/// </param>
/// <param name="ReplicasAcrossClusters">The distinct healthy clusters that run it; null: the host's setting.</param>
/// <param name="Recovery">What happens when a cluster it runs on fails.</param>
public sealed record ServiceAvailability(bool? Enabled = null, int? ReplicasAcrossClusters = null, RecoveryPolicy Recovery = RecoveryPolicy.Automatic)
{
    public static ServiceAvailability None { get; } = new();
}

/// <summary><c>recoveryPolicy</c>: who moves a service off a failed cluster.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RecoveryPolicy>))]
public enum RecoveryPolicy
{
    /// <summary>Smo re-places it as soon as its cluster fails (<c>automatic</c>, the default).</summary>
    Automatic,

    /// <summary>Smo reports it degraded and waits for the operator's placement call (<c>manual_trigger</c>).</summary>
    ManualTrigger,
}
