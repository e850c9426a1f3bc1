namespace Smo.Functions.Carbon;

/// <summary>
/// Energy and carbon that move (configuration section <see cref="Section"/>), and what keeps services where they run
/// when a re-placement could move them (the dwell under <see cref="DwellSetting"/>, the hysteresis under
/// <see cref="HysteresisSetting"/>): where intensities come from, how far ahead a placement looks, and when a change
/// of them — or of anything else — is worth a move; read and checked once, when the host starts.
/// </summary>
public sealed record CarbonOptions
{
    public const string Section = "Smo:Carbon";

    /// <summary>The timer's schedule setting: the pull's interval (a TimeSpan schedule, see <see cref="Timers.TimerSchedule"/>).</summary>
    public const string PullIntervalSetting = Section + ":" + nameof(PullInterval);

    public const string DwellSetting = "Smo:Placement:MinDwell";

    public const string HysteresisSetting = "Smo:Placement:Hysteresis";

    public const double DefaultHysteresis = 0.1;

    public const string DefaultQuery = "smo_carbon_intensity_grams_per_kwh";

    public const string DefaultPullInterval = "00:05:00";

    /// <summary>
    /// PromQL whose samples carry a <c>cluster</c> label naming a cluster: the intensity there now, gCO2/kWh; a sample
    /// with a <c>forecast_minutes</c> label is the intensity forecast that many minutes after its time. Empty: no pull.
    /// </summary>
    public string Query { get; init; } = DefaultQuery;

    public TimeSpan PullInterval { get; init; } = TimeSpan.Parse(DefaultPullInterval, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A placement lasts: the intensity it expects on a cluster is the series' mean over this long from now.</summary>
    public TimeSpan PlacementHorizon { get; init; } = TimeSpan.FromHours(6);

    /// <summary>How much (a share: 0.2 = 20 %) a cluster's expected intensity or price must change since a graph's last placement to re-place it.</summary>
    public double ReoptimiseChange { get; init; } = 0.2;

    /// <summary>The least time between two re-placements one graph is asked for by such changes.</summary>
    public TimeSpan ReoptimiseCooldown { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A service that moved less than this long ago stays where it is in a carbon- or price-triggered re-placement.</summary>
    public TimeSpan MinDwell { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A share (0.1 = 10 %): in any re-placement but a deploy's or an update's, services that may stay where they run
    /// stay unless moving improves the strategy's objective by more than this (see <see cref="Solver.Placement.PlacementHysteresis"/>).
    /// The dwell holds a service that just moved whatever the gain; this holds every service against a small one.
    /// </summary>
    public double Hysteresis { get; init; } = DefaultHysteresis;

    /// <summary>Whether samples are pulled from Prometheus at all.</summary>
    public bool Pulls => !string.IsNullOrWhiteSpace(Query);

    /// <summary>The settings (or the defaults); throws naming every setting that is out of range.</summary>
    public static CarbonOptions Read(IConfiguration configuration)
    {
        CarbonOptions options;
        try
        {
            options = (configuration.GetSection(Section).Get<CarbonOptions>() ?? new CarbonOptions()) with
            {
                MinDwell = configuration.GetValue(DwellSetting, TimeSpan.FromMinutes(30)),
                Hysteresis = configuration.GetValue(HysteresisSetting, DefaultHysteresis),
            };
        }
        catch (InvalidOperationException unreadable)
        {
            throw new InvalidOperationException($"The settings under {Section}, {DwellSetting} or {HysteresisSetting} cannot be read: {unreadable.Message}", unreadable);
        }

        var problems = options.Problems().ToList();
        return problems.Count == 0
            ? options
            : throw new InvalidOperationException($"The carbon settings are not valid: {string.Join(" ", problems)}");
    }

    private IEnumerable<string> Problems()
    {
        if (PullInterval <= TimeSpan.Zero)
        {
            yield return $"{PullIntervalSetting} must be longer than zero (is {PullInterval}).";
        }

        foreach (var (name, value) in new[] { (nameof(PlacementHorizon), PlacementHorizon), (nameof(ReoptimiseCooldown), ReoptimiseCooldown) })
        {
            if (value < TimeSpan.Zero)
            {
                yield return $"{Section}:{name} must be zero or longer (is {value}).";
            }
        }

        if (!(ReoptimiseChange is > 0 and <= 100))
        {
            yield return $"{Section}:{nameof(ReoptimiseChange)} must be a share above 0 (0.2 = 20 %), at most 100 (is {ReoptimiseChange}).";
        }

        if (MinDwell < TimeSpan.Zero)
        {
            yield return $"{DwellSetting} must be zero or longer (is {MinDwell}).";
        }

        if (!(Hysteresis is >= 0 and <= 1))
        {
            yield return $"{HysteresisSetting} must be a share from 0 (move for any gain) to 1 (move only what must) (is {Hysteresis}).";
        }
    }
}
