namespace Smo.Simulator.Series;

/// <summary>How a trace file is read: as a value per row or as one arrival per row, and how it is replayed.</summary>
public enum TraceKind
{
    /// <summary>Two columns: a value per row; more columns: one arrival per row.</summary>
    Auto,
    Values,
    Arrivals,
}

/// <param name="Speedup">Trace seconds replayed per simulated second (values are not rescaled).</param>
/// <param name="Scale">Multiplies every value.</param>
/// <param name="Peak">When set, values are rescaled so the largest equals it (instead of <paramref name="Scale"/>).</param>
/// <param name="Start">Where in the trace (trace time) simulated time zero falls.</param>
/// <param name="Bucket">Arrivals are counted per bucket of trace time and turned into a rate per second.</param>
public sealed record TraceOptions(
    TraceKind Kind = TraceKind.Auto,
    double Speedup = 1,
    double Scale = 1,
    double? Peak = null,
    TimeSpan Start = default,
    TimeSpan? Bucket = null)
{
    public static readonly TimeSpan DefaultBucket = TimeSpan.FromMinutes(1);

    /// <summary>When set, simulated time zero falls on this time of the trace (its timestamps read as UTC) instead of at <see cref="Start"/>.</summary>
    public DateTimeOffset? StartAt { get; init; }
}
