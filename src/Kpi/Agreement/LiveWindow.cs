using Smo.Kpi.Scenarios;
using Smo.Kpi.Series;

namespace Smo.Kpi.Agreement;

/// <summary>
/// The stretch of a KPI scenario that a live run and its replay both play: <see cref="Length"/> of live time showing
/// <see cref="Compression"/> times as much of the trace, from replay time <see cref="TraceStart"/>. The load series are
/// cut to the window and their time compressed (a 5-min trace step becomes 50 s at 6×); before the window each
/// service is offered the window's first value (the live run's lead-in), so both start from the same steady load.
/// The control plane's own times (scaling interval, rate window, pod start) are not compressed.
/// </summary>
public sealed record LiveWindow(double TraceStart, TimeSpan Length, double Compression)
{
    /// <summary>Candidate window starts are this far apart on the trace.</summary>
    private static readonly TimeSpan Stride = TimeSpan.FromMinutes(5);

    /// <summary>The trace time the window covers, in seconds.</summary>
    public double TraceSpan => Length.TotalSeconds * Compression;

    /// <summary>
    /// Where the load moves most: the start (on a 5-min stride of the measured days) whose window has the largest
    /// swing in replicas needed, summed over the services (each service's (max − min) load over its α).
    /// </summary>
    public static LiveWindow Choose(KpiScenario scenario, TimeSpan length, double compression)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(compression);
        var span = length.TotalSeconds * compression;
        var best = (Start: 0.0, Swing: double.NegativeInfinity);
        for (var start = 0.0; start + span <= scenario.Duration.TotalSeconds; start += Stride.TotalSeconds)
        {
            var swing = scenario.Services.Sum(s => Swing(s, start, span));
            if (swing > best.Swing)
            {
                best = (start, swing);
            }
        }

        return double.IsNegativeInfinity(best.Swing)
            ? throw new ArgumentException($"{scenario.Name} is shorter than one window of {span} s of trace.")
            : new LiveWindow(best.Start, length, compression);
    }

    /// <summary>The scenario as the live run offers it: time 0 is the window's start, the load compressed, no history.</summary>
    public KpiScenario Scenario(KpiScenario scenario) => scenario with
    {
        Services = [.. scenario.Services.Select(s => s with { Load = Load(s.Load) })],
        Duration = Length,
        Start = scenario.Start + TimeSpan.FromSeconds(TraceStart),
        History = TimeSpan.Zero,
    };

    /// <summary>A service's load over the window, each trace step <see cref="Compression"/> times shorter.</summary>
    public TimeSeries Load(TimeSeries trace)
    {
        var steps = (int)Math.Ceiling((TraceSpan / trace.Step) - 1e-9);
        var values = Enumerable.Range(0, steps).Select(i => trace.ValueAt(TraceStart + (i * trace.Step))).ToArray();
        return new TimeSeries(0, trace.Step / Compression, values);
    }

    private static double Swing(KpiService service, double start, double span)
    {
        var step = service.Load.Step;
        var values = Enumerable.Range(0, (int)Math.Ceiling(span / step)).Select(i => service.Load.ValueAt(start + (i * step))).ToList();
        return (values.Max() - values.Min()) / service.Alpha;
    }
}
