namespace Smo.Store.Clusters;

/// <summary>
/// How a cluster turns work into power, carbon and cost, as set by <c>PUT /clusters/{name}/energy_profile</c>. Karmada
/// knows none of this, so inventory syncs never touch it.
/// </summary>
/// <param name="Pue">Power usage effectiveness of the site, at least 1.</param>
/// <param name="CarbonGramsPerKWh">Grid carbon intensity as last set or pulled, gCO2/kWh; what holds before the series' first point.</param>
/// <param name="RenewableShare">Share of the supply that is renewable, 0 to 1.</param>
public sealed record ClusterEnergyProfile(
    double Pue,
    double IdleWattsPerCore,
    double MaxWattsPerCore,
    double CarbonGramsPerKWh,
    double RenewableShare = 0,
    double PricePerKWh = 0)
{
    /// <summary>
    /// Upper bounds far above any real site (a PUE of 1.1–3, tens of watts per core, at most about 1,200 gCO2/kWh, a
    /// few units of currency per kWh): within them, the power, carbon and cost modelled for any cluster stay finite
    /// numbers, where a profile of 1e308 would make them infinite and the plans that show them unwritable as JSON.
    /// </summary>
    public const double PueLimit = 100;

    /// <inheritdoc cref="PueLimit"/>
    public const double WattsPerCoreLimit = 1e6;

    /// <inheritdoc cref="PueLimit"/>
    public const double CarbonGramsPerKWhLimit = 1e6;

    /// <inheritdoc cref="PueLimit"/>
    public const double PricePerKWhLimit = 1e6;

    /// <summary>
    /// The most points a carbon series (or the older forecast list) holds: a week of hourly forecast and six hours of
    /// five-minute readings fit, and the profile stays small, since every placement and tick reads every cluster's.
    /// </summary>
    public const int MaxCarbonPoints = 500;

    /// <summary>How far back a series pulled from Prometheus keeps its readings: the past only says what holds now.</summary>
    public static readonly TimeSpan CarbonHistoryKept = TimeSpan.FromHours(6);

    /// <summary>Optional carbon-intensity forecast, one value per future interval, gCO2/kWh (the older form; <see cref="CarbonSeries"/> wins when it has points).</summary>
    public IReadOnlyList<double> CarbonForecast { get; init; } = [];

    /// <summary>Time-stamped intensities, measured and forecast, in increasing time; each holds until the next.</summary>
    public IReadOnlyList<CarbonPoint> CarbonSeries { get; init; } = [];

    /// <summary>The intensity at <paramref name="time"/>: the series' last point at or before it, else <see cref="CarbonGramsPerKWh"/>.</summary>
    public double CarbonAt(DateTimeOffset time)
    {
        var at = CarbonGramsPerKWh;
        foreach (var point in CarbonSeries)
        {
            if (point.At > time)
            {
                break;
            }

            at = point.GramsPerKWh;
        }

        return at;
    }

    /// <summary>
    /// The mean intensity over <paramref name="horizon"/> from <paramref name="time"/>, as the series says (each point
    /// held until the next); without a series, the mean of now and the older forecast list.
    /// </summary>
    public double MeanCarbon(DateTimeOffset time, TimeSpan horizon)
    {
        if (CarbonSeries.Count == 0)
        {
            return CarbonForecast.Count == 0 ? CarbonGramsPerKWh : (CarbonGramsPerKWh + CarbonForecast.Sum()) / (CarbonForecast.Count + 1);
        }

        if (horizon <= TimeSpan.Zero)
        {
            return CarbonAt(time);
        }

        var end = time + horizon;
        var from = time;
        var value = CarbonAt(time);
        double weighted = 0;
        foreach (var point in CarbonSeries.Where(p => p.At > time && p.At < end))
        {
            weighted += value * (point.At - from).TotalSeconds;
            (from, value) = (point.At, point.GramsPerKWh);
        }

        weighted += value * (end - from).TotalSeconds;
        return weighted / horizon.TotalSeconds;
    }

    /// <summary>
    /// The profile with readings pulled at <paramref name="now"/>: <paramref name="measured"/> replace the series from
    /// their first time on (the intensity now becomes the last of them); <paramref name="forecast"/>, when there is
    /// one, replaces what the series said about later times, otherwise that stays. Readings older than
    /// <see cref="CarbonHistoryKept"/> go, and the oldest beyond <see cref="MaxCarbonPoints"/>.
    /// </summary>
    public ClusterEnergyProfile WithReadings(IReadOnlyList<CarbonPoint> measured, IReadOnlyList<CarbonPoint> forecast, DateTimeOffset now)
    {
        if (measured.Count == 0 && forecast.Count == 0)
        {
            return this;
        }

        var newest = measured.Count > 0 ? measured.Max(p => p.At) : now;
        var cut = measured.Count > 0 ? measured.Min(p => p.At) : newest;
        var kept = CarbonSeries.Where(p => p.At < cut || (forecast.Count == 0 && p.At > newest));
        var series = kept.Concat(measured).Concat(forecast.Where(p => p.At > newest))
            .GroupBy(p => p.At).Select(g => g.Last())
            .Where(p => p.At >= now - CarbonHistoryKept)
            .OrderBy(p => p.At)
            .ToList();
        return this with
        {
            CarbonGramsPerKWh = measured.Count > 0 ? measured.MaxBy(p => p.At)!.GramsPerKWh : CarbonGramsPerKWh,
            CarbonSeries = series.Count > MaxCarbonPoints ? series[^MaxCarbonPoints..] : series,
        };
    }

    internal void Validate(string parameter)
    {
        if (!double.IsFinite(Pue) || Pue < 1 || Pue > PueLimit)
        {
            throw new ArgumentException($"The energy profile's pue is {Pue}; it must be a finite number from 1 to {PueLimit}.", parameter);
        }

        Require.Between(IdleWattsPerCore, 0, WattsPerCoreLimit, "The energy profile's idle watts per core", parameter);
        Require.Between(MaxWattsPerCore, 0, WattsPerCoreLimit, "The energy profile's max watts per core", parameter);
        if (MaxWattsPerCore < IdleWattsPerCore)
        {
            throw new ArgumentException($"The energy profile's max watts per core ({MaxWattsPerCore}) is below its idle watts per core ({IdleWattsPerCore}).", parameter);
        }

        Require.Between(CarbonGramsPerKWh, 0, CarbonGramsPerKWhLimit, "The energy profile's carbon intensity", parameter);
        Require.Between(RenewableShare, 0, 1, "The energy profile's renewable share", parameter);
        Require.Between(PricePerKWh, 0, PricePerKWhLimit, "The energy profile's price per kWh", parameter);
        ArgumentNullException.ThrowIfNull(CarbonForecast, parameter);
        RequireAtMost(CarbonForecast.Count, "carbon forecast", parameter);
        for (var k = 0; k < CarbonForecast.Count; k++)
        {
            Require.Between(CarbonForecast[k], 0, CarbonGramsPerKWhLimit, $"The energy profile's carbon forecast[{k}]", parameter);
        }

        ArgumentNullException.ThrowIfNull(CarbonSeries, parameter);
        RequireAtMost(CarbonSeries.Count, "carbon series", parameter);
        for (var k = 0; k < CarbonSeries.Count; k++)
        {
            if (CarbonSeries[k] is not { } point)
            {
                throw new ArgumentException($"The energy profile's carbon series[{k}] is null; each point is {{at, gramsPerKWh}}.", parameter);
            }

            if (point.At < DateTimeOffset.UnixEpoch)
            {
                throw new ArgumentException($"The energy profile's carbon series[{k}].at is {point.At:O}; it must be a time from 1970 on (RFC 3339, e.g. 2025-06-01T12:00:00Z).", parameter);
            }

            if (k > 0 && point.At <= CarbonSeries[k - 1].At)
            {
                throw new ArgumentException($"The energy profile's carbon series[{k}].at ({point.At:O}) is not after series[{k - 1}].at ({CarbonSeries[k - 1].At:O}); times must increase.", parameter);
            }

            Require.Between(point.GramsPerKWh, 0, CarbonGramsPerKWhLimit, $"The energy profile's carbon series[{k}].gramsPerKWh", parameter);
        }
    }

    private static void RequireAtMost(int count, string what, string parameter)
    {
        if (count > MaxCarbonPoints)
        {
            throw new ArgumentException($"The energy profile's {what} has {count} points; at most {MaxCarbonPoints} are kept.", parameter);
        }
    }
}
