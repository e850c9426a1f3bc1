namespace Smo.Kpi.Replay;

/// <summary>
/// When carbon moves enough, an energy-aware graph is placed again: at each hourly look, if a cluster's intensity has
/// changed by <see cref="Threshold"/> or more since the graph was last placed, the placement strategy decides anew with
/// the intensities of the moment, services that moved less than <see cref="Dwell"/> ago staying where they are (the
/// migration cost is the objective's re-optimisation term). A stand-in for the control plane's carbon-triggered
/// re-optimisation (issue 13, point 2), to be replaced by it when it lands.
/// </summary>
public sealed class CarbonReoptimisation
{
    public const double Threshold = 0.2;

    public static readonly TimeSpan LookEvery = TimeSpan.FromHours(1);

    public static readonly TimeSpan Dwell = TimeSpan.FromHours(1);

    private Dictionary<string, double> _placedUnder = new(StringComparer.Ordinal);
    private double _nextLook;

    /// <summary>Records the intensities a placement was made under.</summary>
    public void Placed(ReplayWorld world, double now)
    {
        _placedUnder = world.Clusters.ToDictionary(c => c.Name, c => c.Carbon.ValueAt(now), StringComparer.Ordinal);
        _nextLook = now + LookEvery.TotalSeconds;
    }

    public bool Due(ReplayWorld world, double now)
    {
        if (now < _nextLook)
        {
            return false;
        }

        _nextLook = now + LookEvery.TotalSeconds;
        return world.Clusters.Any(c =>
            _placedUnder.TryGetValue(c.Name, out var then) && Math.Abs(c.Carbon.ValueAt(now) - then) >= Threshold * Math.Max(then, 1));
    }

    /// <summary>The services that moved within the dwell time: they stay.</summary>
    public static HashSet<string> Dwelling(ReplayWorld world, double now) =>
        world.Services.Where(s => now - s.MovedAt < Dwell.TotalSeconds).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
}
