namespace Smo.Functions.Forecasting;

/// <summary>
/// <c>Smo:Forecasting</c>: how predictive scaling reads a service's history and what a pushed forecast may be. Read
/// and checked once, when the host starts.
/// </summary>
public sealed record ForecastingOptions
{
    public const string Section = "Smo:Forecasting";

    /// <summary>How far back the rate history reaches: a week holds daily and weekly seasons.</summary>
    public TimeSpan History { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Time between the history's samples (a week at 60 s is 10,081 points, inside Prometheus's 11,000 per query).</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a service's forecast from its history is used before the history is read again; null: one <see cref="Step"/>.</summary>
    public TimeSpan? Refresh { get; init; }

    /// <summary>The services whose forecasts one host keeps between refreshes; the least recently refreshed go first.</summary>
    public int MaxCachedServices { get; init; } = 10_000;

    /// <summary>The most points a pushed forecast may have: a week at one a minute.</summary>
    public int MaxPushedPoints { get; init; } = 10_080;

    /// <summary>How far ahead of now a pushed forecast may reach.</summary>
    public TimeSpan MaxPushedAhead { get; init; } = TimeSpan.FromDays(14);

    /// <summary>How long a forecast from the history is used.</summary>
    public TimeSpan RefreshEvery => Refresh ?? Step;

    /// <summary>The settings of <see cref="Section"/> (or the defaults); throws naming every setting that is out of range.</summary>
    public static ForecastingOptions Read(IConfiguration configuration)
    {
        ForecastingOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<ForecastingOptions>() ?? new ForecastingOptions();
        }
        catch (InvalidOperationException unreadable)
        {
            throw new InvalidOperationException($"The settings under {Section} cannot be read: {unreadable.Message}", unreadable);
        }

        var problems = options.Problems().ToList();
        return problems.Count == 0
            ? options
            : throw new InvalidOperationException($"The settings under {Section} are not valid: {string.Join(" ", problems)}");
    }

    private IEnumerable<string> Problems()
    {
        string Setting(string name) => $"{Section}:{name}";
        foreach (var (name, value) in new[] { (nameof(History), History), (nameof(Step), Step), (nameof(Refresh), RefreshEvery), (nameof(MaxPushedAhead), MaxPushedAhead) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"{Setting(name)} must be longer than zero (is {value}).";
            }
        }

        if (Step > TimeSpan.Zero && History / Step > 1_000_000)
        {
            yield return $"{Setting(nameof(History))} holds more than 1000000 steps of {Step}; widen {Setting(nameof(Step))} or shorten the history.";
        }

        if (MaxCachedServices is < 1 or > 1_000_000)
        {
            yield return $"{Setting(nameof(MaxCachedServices))} must be between 1 and 1000000 (is {MaxCachedServices}).";
        }

        if (MaxPushedPoints is < 1 or > 1_000_000)
        {
            yield return $"{Setting(nameof(MaxPushedPoints))} must be between 1 and 1000000 (is {MaxPushedPoints}).";
        }
    }
}
