using Smo.Store.Clusters;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.Inventory;

namespace Smo.Store.Tests.Clusters;

/// <summary>A cluster's time-stamped carbon intensity: stored, refused when wrong, read as now and over a horizon, merged with pulls.</summary>
public sealed class CarbonSeriesTests : StoreTest
{
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static ClusterEnergyProfile WithSeries(params (int Minutes, double Grams)[] points) => Profile(carbon: 300) with
    {
        CarbonForecast = [],
        CarbonSeries = [.. points.Select(p => new CarbonPoint(Noon.AddMinutes(p.Minutes), p.Grams))],
    };

    [Fact]
    public async Task SetEnergyProfileAsync_round_trips_the_carbon_series()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);

        await Clusters.SetEnergyProfileAsync("edge-a", WithSeries((0, 200), (60, 120.5)));

        var stored = (await Clusters.GetAsync("edge-a"))!.EnergyProfile!;
        Assert.Equal([new CarbonPoint(Noon, 200), new CarbonPoint(Noon.AddHours(1), 120.5)], stored.CarbonSeries);
        var json = await TestDatabase.ScalarAsync<string>($"SELECT energy_profile -> 'carbonSeries' -> 1 ->> 'gramsPerKWh' FROM {Context.Clusters} WHERE name = 'edge-a'");
        Assert.Equal("120.5", json);
    }

    public static TheoryData<ClusterEnergyProfile, string> InvalidSeries => new()
    {
        { WithSeries((0, 200), (0, 100)), "carbon series[1].at" },
        { WithSeries((60, 200), (0, 100)), "times must increase" },
        { WithSeries((0, -1)), "carbon series[0].gramsPerKWh is -1" },
        { WithSeries((0, double.NaN)), "carbon series[0].gramsPerKWh is NaN" },
        { WithSeries((0, 1e300)), "carbon series[0].gramsPerKWh" },
        { Profile() with { CarbonSeries = [new CarbonPoint(default, 100)] }, "a time from 1970 on" },
        { Profile() with { CarbonSeries = [.. Enumerable.Range(0, 501).Select(i => new CarbonPoint(Noon.AddMinutes(i), 100))] }, "has 501 points; at most 500" },
        { Profile() with { CarbonForecast = [.. Enumerable.Repeat(100.0, 501)] }, "carbon forecast has 501 points" },
    };

    [Theory]
    [MemberData(nameof(InvalidSeries))]
    public async Task SetEnergyProfileAsync_refuses_a_bad_series_and_keeps_the_stored_profile(ClusterEnergyProfile profile, string expected)
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);
        await Clusters.SetEnergyProfileAsync("edge-a", Profile(carbon: 99));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Clusters.SetEnergyProfileAsync("edge-a", profile));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(99, (await Clusters.GetAsync("edge-a"))!.EnergyProfile!.CarbonGramsPerKWh);
    }

    [Theory]
    [InlineData(-1, 300)]   // before the first point: the profile's own intensity
    [InlineData(0, 200)]
    [InlineData(59, 200)]   // held until the next point
    [InlineData(60, 100)]
    [InlineData(600, 100)]  // the last point holds on
    public void CarbonAt_is_the_last_point_at_or_before_the_time(int minutes, double expected)
    {
        Assert.Equal(expected, WithSeries((0, 200), (60, 100)).CarbonAt(Noon.AddMinutes(minutes)));
    }

    [Fact]
    public void MeanCarbon_weighs_each_point_by_how_long_it_holds_within_the_horizon()
    {
        // From 11:30 for 3 h: 30 min at 300 (before the series), 60 min at 200, 90 min at 100 → (150 + 200 + 150) / 3 h.
        var mean = WithSeries((0, 200), (60, 100)).MeanCarbon(Noon.AddMinutes(-30), TimeSpan.FromHours(3));

        Assert.Equal((0.5 * 300 + 1 * 200 + 1.5 * 100) / 3, mean, precision: 9);
    }

    [Fact]
    public void MeanCarbon_without_a_series_is_the_mean_of_now_and_the_older_forecast_list()
    {
        Assert.Equal((250 + 240 + 220.5 + 300) / 4, Profile().MeanCarbon(Noon, TimeSpan.FromHours(6)), precision: 9);
    }

    [Fact]
    public void WithReadings_appends_a_measurement_and_lets_a_new_forecast_replace_the_old_future()
    {
        var profile = WithSeries((-30, 250), (30, 400), (90, 420));

        var pulled = profile.WithReadings([new CarbonPoint(Noon, 180)], [new CarbonPoint(Noon.AddMinutes(60), 90)], Noon);

        Assert.Equal(180, pulled.CarbonGramsPerKWh);
        Assert.Equal([new CarbonPoint(Noon.AddMinutes(-30), 250), new CarbonPoint(Noon, 180), new CarbonPoint(Noon.AddMinutes(60), 90)], pulled.CarbonSeries);
    }

    [Fact]
    public void WithReadings_without_a_forecast_keeps_the_future_the_series_had()
    {
        var profile = WithSeries((-30, 250), (30, 400));

        var pulled = profile.WithReadings([new CarbonPoint(Noon, 180)], [], Noon);

        Assert.Equal([new CarbonPoint(Noon.AddMinutes(-30), 250), new CarbonPoint(Noon, 180), new CarbonPoint(Noon.AddMinutes(30), 400)], pulled.CarbonSeries);
    }

    [Fact]
    public void WithReadings_keeps_a_bounded_window_of_the_past()
    {
        var profile = WithSeries((-7 * 60, 250), (-5 * 60, 260));

        var pulled = profile.WithReadings([new CarbonPoint(Noon, 180)], [], Noon);

        Assert.Equal([Noon.AddHours(-5), Noon], pulled.CarbonSeries.Select(p => p.At));
    }

    [Fact]
    public async Task AddCarbonReadingsAsync_merges_into_clusters_with_a_profile_and_skips_the_others()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a"), Cluster("edge-b")]);
        await Clusters.SetEnergyProfileAsync("edge-a", WithSeries((-30, 250)));
        var readings = new CarbonReadings([new CarbonPoint(Noon, 180)], []);

        var taken = await Clusters.AddCarbonReadingsAsync(
            new Dictionary<string, CarbonReadings> { ["edge-a"] = readings, ["edge-b"] = readings, ["nowhere"] = readings }, Noon);

        Assert.Equal(["edge-a"], taken);
        var stored = (await Clusters.GetAsync("edge-a"))!.EnergyProfile!;
        Assert.Equal(180, stored.CarbonGramsPerKWh);
        Assert.Equal([Noon.AddMinutes(-30), Noon], stored.CarbonSeries.Select(p => p.At));
        Assert.Null((await Clusters.GetAsync("edge-b"))!.EnergyProfile);
    }
}
