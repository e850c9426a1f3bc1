using Smo.Simulator.Hosting;
using Smo.Simulator.Scenarios;
using Smo.Simulator.Series;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Series;

/// <summary>A cluster's grid carbon intensity: replayed from a carbon CSV from a UTC time, or a synthetic day, and exported for Smo's pull.</summary>
public sealed class CarbonSeriesTests
{
    private const string CarbonCsv = "Time,Carbon Intensity\n2020-06-01 00:00:00,300\n2020-06-01 00:15:00,250\n2020-06-01 00:30:00,120.5\n2020-06-01 01:00:00,90\n";

    [Theory]
    // 13:00: the whole solar dip, the evening bell 6 h (4 widths) away.
    [InlineData(13, 300 - 100 + 60 * 0.00033546262790251185)]
    // 19:00: the whole evening peak, the solar bell 6 h (2.4 widths) away.
    [InlineData(19, 300 - 100 * 0.05613476283366409 + 60)]
    // 03:00: far from both bells.
    [InlineData(3, 300 - 100 * 0.00033546262790251185 + 60 * 6.658361469857315e-07)]
    public void Daily_curve_dips_at_solar_noon_and_peaks_in_the_evening(double hour, double expected)
    {
        var day = new GridDaySeries(Mean: 300, SolarDip: 100, EveningPeak: 60, StartOfDay: TimeSpan.Zero, Speedup: 1);

        Assert.Equal(expected, day.ValueAt(TimeSpan.FromHours(hour)), precision: 9);
    }

    [Fact]
    public void Daily_curve_starts_its_day_at_the_scenarios_start_and_repeats_every_day()
    {
        var yaml = TestScenarios.Yaml()
            .Replace("carbonIntensity: 300", "carbonIntensity: {type: daily, mean: 300, solarDip: 100, eveningPeak: 60}", StringComparison.Ordinal)
            .Replace("seed: 7", "seed: 7, start: 2025-06-01T13:00:00Z", StringComparison.Ordinal);

        var carbon = ScenarioParser.Parse(yaml, "daily.yaml").Clusters[0].CarbonIntensity;

        Assert.Equal(new GridDaySeries(300, 100, 60, TimeSpan.Zero, 1).ValueAt(TimeSpan.FromHours(13)), carbon.ValueAt(TimeSpan.Zero), precision: 9);
        Assert.Equal(carbon.ValueAt(TimeSpan.FromHours(2)), carbon.ValueAt(TimeSpan.FromHours(26)), precision: 9);
    }

    [Fact]
    public void Carbon_csv_replays_from_a_utc_start_time()
    {
        var path = Write(CarbonCsv);
        var yaml = TestScenarios.Yaml().Replace("carbonIntensity: 300", $"carbonIntensity: {{type: trace, file: {path}, start: 2020-06-01T00:15:00Z}}", StringComparison.Ordinal);

        var carbon = ScenarioParser.Parse(yaml, "carbon.yaml").Clusters[0].CarbonIntensity;

        Assert.Equal(250, carbon.ValueAt(TimeSpan.Zero));
        Assert.Equal(120.5, carbon.ValueAt(TimeSpan.FromMinutes(15)));
        Assert.Equal(90, carbon.ValueAt(TimeSpan.FromMinutes(45)));
    }

    [Fact]
    public void Carbon_csv_start_outside_the_trace_is_an_error_naming_the_field()
    {
        var path = Write(CarbonCsv);
        var yaml = TestScenarios.Yaml().Replace("carbonIntensity: 300", $"carbonIntensity: {{type: trace, file: {path}, start: 2021-01-01T00:00:00Z}}", StringComparison.Ordinal);

        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(yaml, "carbon.yaml"));

        Assert.Contains("clusters[0].carbonIntensity.start", error.Message, StringComparison.Ordinal);
        Assert.Contains("outside the trace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_carbon_csv_falls_back_to_the_daily_curve()
    {
        var yaml = TestScenarios.Yaml().Replace("carbonIntensity: 300",
            "carbonIntensity: {type: trace, file: /nonexistent/ger_ci.csv, fallback: {type: daily, mean: 315, solarDip: 120, eveningPeak: 80}}", StringComparison.Ordinal);

        var carbon = ScenarioParser.Parse(yaml, "carbon.yaml").Clusters[0].CarbonIntensity;

        Assert.IsType<GridDaySeries>(carbon);
    }

    [Fact]
    public async Task Metrics_export_each_clusters_intensity_now_under_the_name_smo_pulls()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual());
        using var client = new SimulatorClient(host);
        await client.AdvanceAsync(1);

        var text = await client.TextAsync("/metrics");

        Assert.Contains("# TYPE smo_carbon_intensity_grams_per_kwh gauge", text, StringComparison.Ordinal);
        Assert.Contains("smo_carbon_intensity_grams_per_kwh{cluster=\"big\"} 300\n", text, StringComparison.Ordinal);
        Assert.Contains("smo_carbon_intensity_grams_per_kwh{cluster=\"small\"} 100\n", text, StringComparison.Ordinal);
    }

    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"smo-carbon-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }
}
