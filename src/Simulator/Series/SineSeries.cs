using System.Globalization;

namespace Smo.Simulator.Series;

/// <summary>mean + amplitude·sin(2π(t + phase)/period), never below zero (a load or an intensity cannot be negative).</summary>
public sealed record SineSeries(double Mean, double Amplitude, TimeSpan Period, TimeSpan Phase) : ISeries
{
    public double ValueAt(TimeSpan elapsed) =>
        Math.Max(0, Mean + Amplitude * Math.Sin(2 * Math.PI * (elapsed + Phase).TotalSeconds / Period.TotalSeconds));

    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"sine {Mean}±{Amplitude} every {Period}");
}
