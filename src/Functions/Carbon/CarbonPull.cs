using System.Globalization;
using Smo.Adapters.Prometheus;
using Smo.Store.Clusters;

namespace Smo.Functions.Carbon;

/// <summary>
/// Reads the grid's carbon intensity per cluster from Prometheus (<see cref="CarbonOptions.Query"/>) into the
/// clusters' series: a sample whose <c>cluster</c> label names a known cluster is its intensity at the sample's
/// time; with a <c>forecast_minutes</c> label (1 to <see cref="MaxForecastMinutes"/>), the intensity forecast that
/// many minutes later. Samples of unknown clusters, without the label, or with values no grid has are skipped and
/// counted, never echoed.
/// </summary>
public sealed partial class CarbonPull(IPrometheusQuery prometheus, ClusterStore clusters, CarbonOptions options, TimeProvider time, ILogger<CarbonPull> logger)
{
    public const string ClusterLabel = "cluster";
    public const string ForecastLabel = "forecast_minutes";

    /// <summary>A week ahead: further than any grid operator forecasts.</summary>
    public const int MaxForecastMinutes = 7 * 24 * 60;

    /// <summary>Forecast points kept per cluster and pull: half the series, so the readings of the past always fit beside them.</summary>
    private const int MaxForecastPoints = ClusterEnergyProfile.MaxCarbonPoints / 2;

    /// <summary>Pulls once; returns the clusters whose series took readings (empty when pulling is off).</summary>
    public async Task<IReadOnlyList<string>> PullAsync(CancellationToken cancellationToken)
    {
        if (!options.Pulls)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var known = (await clusters.ListAsync(cancellationToken: cancellationToken)).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var samples = await prometheus.QueryAsync(options.Query, now, cancellationToken);
        var measured = new Dictionary<string, List<CarbonPoint>>(StringComparer.Ordinal);
        var forecast = new Dictionary<string, List<CarbonPoint>>(StringComparer.Ordinal);
        var skipped = 0;
        foreach (var sample in samples)
        {
            if (!sample.Labels.TryGetValue(ClusterLabel, out var cluster) || !known.Contains(cluster)
                || !double.IsFinite(sample.Value) || sample.Value is < 0 or > ClusterEnergyProfile.CarbonGramsPerKWhLimit)
            {
                skipped++;
                continue;
            }

            if (!sample.Labels.TryGetValue(ForecastLabel, out var minutesText))
            {
                Add(measured, cluster, new CarbonPoint(sample.Timestamp, sample.Value));
            }
            else if (int.TryParse(minutesText, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes is >= 1 and <= MaxForecastMinutes)
            {
                Add(forecast, cluster, new CarbonPoint(sample.Timestamp.AddMinutes(minutes), sample.Value));
            }
            else
            {
                skipped++;
            }
        }

        var readings = measured.Keys.Union(forecast.Keys).ToDictionary(
            cluster => cluster,
            cluster => new CarbonReadings(Latest(measured, cluster, int.MaxValue), Latest(forecast, cluster, MaxForecastPoints)),
            StringComparer.Ordinal);
        var taken = await clusters.AddCarbonReadingsAsync(readings, now, cancellationToken);
        LogPulled(taken.Count, readings.Count - taken.Count, skipped);
        return taken;
    }

    private static void Add(Dictionary<string, List<CarbonPoint>> points, string cluster, CarbonPoint point)
    {
        if (!points.TryGetValue(cluster, out var list))
        {
            points[cluster] = list = [];
        }

        list.Add(point);
    }

    /// <summary>One point per time (the last sample for it wins), in time order, the earliest <paramref name="limit"/>.</summary>
    private static IReadOnlyList<CarbonPoint> Latest(Dictionary<string, List<CarbonPoint>> points, string cluster, int limit) =>
        points.TryGetValue(cluster, out var list)
            ? [.. list.GroupBy(p => p.At).Select(g => g.Last()).OrderBy(p => p.At).Take(limit)]
            : [];

    [LoggerMessage(LogLevel.Information, "Carbon intensity pulled for {Clusters} clusters; {WithoutProfile} clusters have no energy profile to hold it; {Skipped} samples skipped")]
    private partial void LogPulled(int clusters, int withoutProfile, int skipped);
}
