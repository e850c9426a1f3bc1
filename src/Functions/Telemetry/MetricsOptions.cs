namespace Smo.Functions.Telemetry;

/// <summary>
/// <c>Smo:Metrics</c>: how many graphs get a label of their own on <c>/metrics</c>, and how often the gauges that read
/// the databases (durable backlog, modelled power and carbon) read them.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Smo:Metrics";

    /// <summary>
    /// The most graph names <see cref="MaxGraphLabels"/> may admit: each is a series per family in every Prometheus that
    /// scrapes, and OpenTelemetry keeps at most 2,000 label sets per instrument (graph × cluster, for the power gauges)
    /// before it folds the rest into one overflow series.
    /// </summary>
    public const int MaxGraphLabelsLimit = 1_000;

    /// <summary>
    /// Graph names that get a <c>graph</c> label value of their own, first come first served; the graphs after them
    /// share <see cref="GraphLabels.Other"/>. Graph names are user input, and every distinct value is a series that
    /// Prometheus keeps: without a bound a deploy loop could grow its memory without end.
    /// </summary>
    public int MaxGraphLabels { get; init; } = 100;

    /// <summary>
    /// The oldest a gauge's reading of the databases may be when a scrape asks for it; an older one is read again
    /// (once, whatever the number of scrapes) and the scrape gets the previous reading meanwhile.
    /// </summary>
    public TimeSpan GaugeRefreshInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The settings of <see cref="Section"/> (or the defaults); throws naming the setting that is out of range.</summary>
    public static MetricsOptions Read(IConfiguration configuration)
    {
        MetricsOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<MetricsOptions>() ?? new MetricsOptions();
        }
        catch (InvalidOperationException unreadable)
        {
            throw new InvalidOperationException($"The settings under {Section} cannot be read: {unreadable.Message}", unreadable);
        }

        if (options.MaxGraphLabels is < 0 or > MaxGraphLabelsLimit)
        {
            throw new InvalidOperationException($"{Section}:{nameof(MaxGraphLabels)} must be from 0 to {MaxGraphLabelsLimit} (is {options.MaxGraphLabels}).");
        }

        return options.GaugeRefreshInterval <= TimeSpan.Zero
            ? throw new InvalidOperationException($"{Section}:{nameof(GaugeRefreshInterval)} must be longer than zero (is {options.GaugeRefreshInterval}).")
            : options;
    }
}
