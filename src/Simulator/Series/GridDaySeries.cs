using System.Globalization;

namespace Smo.Simulator.Series;

/// <summary>
/// A synthetic day of grid carbon intensity, for when no measured trace is at hand: <c>mean</c>, lowered by a solar
/// dip centred on 13:00 UTC (a bell 2.5 h wide) and raised by an evening peak centred on 19:00 UTC (a bell 1.5 h
/// wide), repeating every day; never below zero. A region is its own numbers: a solar-heavy grid has a deep dip, a
/// gas-peaking one a high evening peak. <paramref name="StartOfDay"/> is the UTC time of day at simulated time zero;
/// <paramref name="Speedup"/> grid seconds pass per simulated second.
/// </summary>
public sealed record GridDaySeries(double Mean, double SolarDip, double EveningPeak, TimeSpan StartOfDay, double Speedup) : ISeries
{
    public const double SolarNoonHour = 13;
    public const double SolarWidthHours = 2.5;
    public const double EveningPeakHour = 19;
    public const double EveningWidthHours = 1.5;
    private const double HoursPerDay = 24;

    public double ValueAt(TimeSpan elapsed)
    {
        var hour = ((StartOfDay.TotalHours + elapsed.TotalHours * Speedup) % HoursPerDay + HoursPerDay) % HoursPerDay;
        return Math.Max(0, Mean - SolarDip * Bell(hour, SolarNoonHour, SolarWidthHours) + EveningPeak * Bell(hour, EveningPeakHour, EveningWidthHours));
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"daily grid curve {Mean} − {SolarDip} at 13:00 + {EveningPeak} at 19:00 UTC");

    /// <summary>exp(−d²/2w²) with d the distance in hours around the clock, so 23:00 is two hours from 01:00.</summary>
    private static double Bell(double hour, double centre, double width)
    {
        var distance = Math.Abs(hour - centre);
        distance = Math.Min(distance, HoursPerDay - distance);
        return Math.Exp(-distance * distance / (2 * width * width));
    }
}
