using Smo.Functions.Carbon;
using Smo.Store.Graphs;

namespace Smo.Kpi.Replay;

/// <summary>
/// The control plane's carbon-triggered re-optimisation (<see cref="CarbonReoptimiser"/>) with its default settings
/// (<see cref="CarbonOptions"/>): at every pull (<see cref="CarbonOptions.PullInterval"/>), when a cluster's intensity
/// has changed by more than <see cref="CarbonOptions.ReoptimiseChange"/> since the graph was last placed
/// (<see cref="CarbonOutlook.LargestChange"/>), and no carbon re-placement was asked within
/// <see cref="CarbonOptions.ReoptimiseCooldown"/>, the placement strategy decides anew; services that moved less than
/// <see cref="CarbonOptions.MinDwell"/> ago stay where they are (the migration cost is the objective's re-optimisation
/// term). The outlook is the intensity of the moment: the replay's pull brings no forecast, as the simulator's metric
/// carries none.
/// </summary>
public sealed class CarbonReoptimisation
{
    private static readonly CarbonOptions Settings = new();

    private IReadOnlyDictionary<string, ClusterOutlook> _placedUnder = new Dictionary<string, ClusterOutlook>();
    private double _nextPull;
    private double _askedAt = double.NegativeInfinity;

    /// <summary>Records the intensities a placement was made under.</summary>
    public void Placed(ReplayWorld world, double now) => _placedUnder = Outlook(world, now);

    /// <summary>Whether a pull at <paramref name="now"/> asks for a carbon re-placement.</summary>
    public bool Due(ReplayWorld world, double now)
    {
        if (now < _nextPull)
        {
            return false;
        }

        _nextPull = now + Settings.PullInterval.TotalSeconds;
        if (now - _askedAt < Settings.ReoptimiseCooldown.TotalSeconds
            || CarbonOutlook.LargestChange(_placedUnder, Outlook(world, now)) is not { } change || change.Share <= Settings.ReoptimiseChange)
        {
            return false;
        }

        _askedAt = now;
        return true;
    }

    /// <summary>The services that moved within the dwell time: they stay.</summary>
    public static HashSet<string> Dwelling(ReplayWorld world, double now) =>
        world.Services.Where(s => now - s.MovedAt < Settings.MinDwell.TotalSeconds).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    private static Dictionary<string, ClusterOutlook> Outlook(ReplayWorld world, double now) =>
        world.Clusters.ToDictionary(c => c.Name, c => new ClusterOutlook(c.Carbon.ValueAt(now), 0), StringComparer.Ordinal);
}
