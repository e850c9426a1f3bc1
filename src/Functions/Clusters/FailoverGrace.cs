using System.Collections.Concurrent;
using Smo.Adapters.Karmada;

namespace Smo.Functions.Clusters;

/// <summary>
/// Holds a member cluster that stopped being ready as available for placement until <see cref="FailoverOptions.Grace"/>
/// has passed since it stopped: since Karmada says (the Ready condition's transition, a failure taint's timeAdded), or
/// since this host first saw it not ready when that is earlier or Karmada gives no time — so a clock that runs behind
/// cannot stretch the grace. A cluster that comes back starts afresh, so one that flaps faster than the grace moves
/// nothing.
/// </summary>
public sealed partial class FailoverGrace(FailoverOptions options, TimeProvider time, ILogger<FailoverGrace> logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstSeenDown = new(StringComparer.Ordinal);

    /// <summary>The clusters of <paramref name="members"/> still within their grace, and when the first of those graces ends.</summary>
    public GraceHold Hold(IReadOnlyList<MemberCluster> members)
    {
        var now = time.GetUtcNow();
        var held = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? endsAt = null;
        foreach (var member in members)
        {
            if (member.Ready || options.Grace <= TimeSpan.Zero)
            {
                _firstSeenDown.TryRemove(member.Name, out _);
                continue;
            }

            var firstSeen = _firstSeenDown.GetOrAdd(member.Name, now);
            var since = member.NotReadySince is { } said && said < firstSeen ? said : firstSeen;
            var deadline = since + options.Grace;
            if (deadline <= now)
            {
                continue;
            }

            if (firstSeen == now)
            {
                LogHeld(member.Name, member.NotReadyReason, deadline);
            }

            held.Add(member.Name);
            endsAt = endsAt is { } earliest && earliest < deadline ? earliest : deadline;
        }

        foreach (var gone in _firstSeenDown.Keys.Except(members.Select(m => m.Name), StringComparer.Ordinal))
        {
            _firstSeenDown.TryRemove(gone, out _);
        }

        return new GraceHold(held, endsAt);
    }

    [LoggerMessage(LogLevel.Information, "Cluster {Cluster} is not ready ({Reason}); it counts as available until {Deadline:O} (Smo:Failover:Grace), then its services move")]
    private partial void LogHeld(string cluster, string? reason, DateTimeOffset deadline);
}

/// <param name="Available">Not ready, but within the grace: still available for placement.</param>
/// <param name="EndsAt">When the first of those graces ends; null when none runs.</param>
public sealed record GraceHold(IReadOnlySet<string> Available, DateTimeOffset? EndsAt);
