using Smo.Kpi.Scenarios;

namespace Smo.Kpi.Replay;

/// <summary>
/// A service as the replay's federation holds it: its cluster, the replicas asked for, and of those the pods
/// scheduled (each ready a pod start after it was scheduled) and the ones Pending for want of CPU.
/// </summary>
public sealed class ServiceState(KpiService spec, string cluster)
{
    private readonly List<double> _readyAt = [];

    public KpiService Spec { get; } = spec;

    public string Name => Spec.Name;

    public string Cluster { get; private set; } = cluster;

    /// <summary>The Deployment's <c>spec.replicas</c>.</summary>
    public int Desired { get; private set; }

    /// <summary>Replicas not scheduled: no room on the cluster.</summary>
    public int Pending { get; private set; }

    /// <summary>Pods on the cluster, ready or starting: they hold CPU.</summary>
    public int Scheduled => _readyAt.Count;

    /// <summary>When the service was last installed, moved or scaled (the store's <c>rollout_at</c>).</summary>
    public double RolloutAt { get; private set; } = double.NegativeInfinity;

    public double MovedAt { get; private set; } = double.NegativeInfinity;

    public int Ready(double now) => _readyAt.Count(at => at <= now);

    /// <summary>Karmada's desired and ready replicas, as the tick's Deployment list gives them.</summary>
    public (int Desired, int Ready) Observed(double now) => (Desired, Ready(now));

    /// <summary>Sets the replicas; new ones wait for room (<see cref="ReplayWorld.Schedule"/>), fewer remove Pending ones first, then the youngest pods.</summary>
    public void ScaleTo(int replicas, double now)
    {
        if (replicas == Desired)
        {
            return;
        }

        if (replicas > Desired)
        {
            Pending += replicas - Desired;
        }
        else
        {
            var remove = Desired - replicas;
            var fromPending = Math.Min(Pending, remove);
            Pending -= fromPending;
            remove -= fromPending;
            _readyAt.Sort();
            _readyAt.RemoveRange(_readyAt.Count - remove, remove);
        }

        Desired = replicas;
        RolloutAt = now;
    }

    /// <summary>A move as Karmada makes one on a new cluster affinity: the old pods go, the replicas start again on the new cluster.</summary>
    public void MoveTo(string cluster, double now)
    {
        Cluster = cluster;
        _readyAt.Clear();
        Pending = Desired;
        RolloutAt = now;
        MovedAt = now;
    }

    /// <summary>A Pending replica scheduled at <paramref name="now"/>: ready a pod start later.</summary>
    internal void ScheduleOne(double readyAt)
    {
        Pending--;
        _readyAt.Add(readyAt);
    }

    /// <summary>A graph that has been running: <paramref name="replicas"/> asked for long ago, to be scheduled at once.</summary>
    internal void StartRunning(int replicas)
    {
        Desired = replicas;
        Pending = replicas;
    }
}
