using Smo.Functions.Graphs.Translation;
using Smo.Functions.Scaling;
using Smo.Store.Graphs;

namespace Smo.Kpi.Replay;

/// <summary>
/// The load watch (<see cref="LoadWatch"/>) for the replay's one graph: a service below its ceiling whose rate is beyond
/// what its replicas carry (α·r + β) asks for a decision now; the same overload is asked for again only after a rate
/// window, then twice as long each time (up to 32 windows). Replicated, not called: the watch reads the store and
/// Prometheus for a whole fleet. It looks at every replay step (5 s) rather than every 250 ms.
/// </summary>
public sealed class ReplayedLoadWatch(GraphDefaults defaults)
{
    private const int MaxBackoffDoublings = 5;

    private (string Signature, double At, int Repeats)? _reported;

    public bool Look(ReplayWorld world, double now, IReadOnlyDictionary<string, double> rates)
    {
        var overloaded = world.Services
            .Where(s => s.Desired < defaults.ScalingOf(Model(s)).MaxReplicas)
            .Where(s => rates[s.Name] > (defaults.ScalingOf(Model(s)).Alpha * s.Desired) + defaults.ScalingOf(Model(s)).Beta)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => $"{s.Name}@{s.Desired}")
            .ToList();
        if (overloaded.Count == 0)
        {
            _reported = null;
            return false;
        }

        var signature = string.Join(',', overloaded);
        var repeats = 0;
        if (_reported is { } reported && reported.Signature == signature)
        {
            if (now - reported.At < defaults.RateWindow.TotalSeconds * (1 << Math.Min(reported.Repeats, MaxBackoffDoublings)))
            {
                return false;
            }

            repeats = reported.Repeats + 1;
        }

        _reported = (signature, now, repeats);
        return true;
    }

    private static ScalingParameters Model(ServiceState service) =>
        new(service.Spec.Alpha, service.Spec.Beta, service.Spec.MinReplicas, service.Spec.MaxReplicas);
}
