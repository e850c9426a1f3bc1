using Smo.Store.Clusters;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.Inventory;

namespace Smo.Store.Tests.Clusters;

public sealed class ClusterStoreTests : StoreTest
{
    [Fact]
    public async Task GetAsync_returns_null_for_an_unknown_cluster()
    {
        Assert.Null(await Clusters.GetAsync("nowhere"));
    }

    [Fact]
    public async Task SetEnergyProfileAsync_round_trips_every_field_including_the_forecast()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);
        var profile = Profile();

        var set = await Clusters.SetEnergyProfileAsync("edge-a", profile);

        Assert.True(set);
        var stored = (await Clusters.GetAsync("edge-a"))!.EnergyProfile;
        Assert.NotNull(stored);
        Assert.Equal(profile with { CarbonForecast = stored.CarbonForecast, CarbonSeries = stored.CarbonSeries }, stored);
        Assert.Equal([240, 220.5, 300], stored.CarbonForecast);
        Assert.Empty(stored.CarbonSeries);
    }

    [Fact]
    public async Task SetEnergyProfileAsync_stores_camel_case_json()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);

        await Clusters.SetEnergyProfileAsync("edge-a", Profile());

        var pue = await TestDatabase.ScalarAsync<string>($"SELECT energy_profile ->> 'pue' FROM {Context.Clusters} WHERE name = 'edge-a'");
        var forecast = await TestDatabase.ScalarAsync<string>($"SELECT energy_profile ->> 'carbonForecast' FROM {Context.Clusters} WHERE name = 'edge-a'");
        Assert.Equal("1.4", pue);
        Assert.Equal("[240, 220.5, 300]", forecast);
    }

    [Fact]
    public async Task SetEnergyProfileAsync_with_null_clears_the_profile()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);
        await Clusters.SetEnergyProfileAsync("edge-a", Profile());

        await Clusters.SetEnergyProfileAsync("edge-a", null);

        Assert.Null((await Clusters.GetAsync("edge-a"))!.EnergyProfile);
    }

    [Fact]
    public async Task SetGrafanaUrlAsync_stores_the_dashboard_and_later_syncs_keep_it()
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);

        var set = await Clusters.SetGrafanaUrlAsync("edge-a", "http://grafana/d/smo-c-edge-a/edge-a");
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a", cpuAvailable: 1)]);

        Assert.True(set);
        Assert.Equal("http://grafana/d/smo-c-edge-a/edge-a", (await Clusters.GetAsync("edge-a"))!.GrafanaUrl);
    }

    [Fact]
    public async Task SetGrafanaUrlAsync_returns_false_for_an_unknown_cluster()
    {
        Assert.False(await Clusters.SetGrafanaUrlAsync("nowhere", "http://grafana/d/x/nowhere"));
        Assert.Equal(0, await CountAsync("clusters"));
    }

    [Fact]
    public async Task SetEnergyProfileAsync_returns_false_for_an_unknown_cluster()
    {
        Assert.False(await Clusters.SetEnergyProfileAsync("nowhere", Profile()));
        Assert.Equal(0, await CountAsync("clusters"));
    }

    public static TheoryData<ClusterEnergyProfile, string> InvalidProfiles => new()
    {
        { Profile() with { Pue = 0.9 }, "pue" },
        { Profile() with { Pue = double.NaN }, "pue" },
        { Profile() with { IdleWattsPerCore = -1 }, "idle watts" },
        { Profile() with { MaxWattsPerCore = 2, IdleWattsPerCore = 4 }, "below its idle" },
        { Profile() with { CarbonGramsPerKWh = double.PositiveInfinity }, "carbon intensity" },
        { Profile() with { RenewableShare = 1.5 }, "renewable share" },
        { Profile() with { PricePerKWh = -0.1 }, "price" },
        { Profile() with { CarbonForecast = [100, -5] }, "forecast[1]" },
        // Finite but beyond any site: modelled power and carbon would overflow to infinity.
        { Profile() with { Pue = 1e308 }, "pue" },
        { Profile() with { MaxWattsPerCore = 1e300 }, "max watts" },
        { Profile() with { PricePerKWh = 1e300 }, "price" },
        { Profile() with { CarbonForecast = [1e300] }, "forecast[0]" },
    };

    [Theory]
    [MemberData(nameof(InvalidProfiles))]
    public async Task SetEnergyProfileAsync_rejects_an_invalid_profile_and_keeps_the_stored_one(ClusterEnergyProfile profile, string expected)
    {
        await Clusters.UpsertFromInventoryAsync([Cluster("edge-a")]);
        await Clusters.SetEnergyProfileAsync("edge-a", Profile(carbon: 99));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Clusters.SetEnergyProfileAsync("edge-a", profile));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(99, (await Clusters.GetAsync("edge-a"))!.EnergyProfile!.CarbonGramsPerKWh);
    }

    public static TheoryData<ClusterInventoryItem, string> InvalidItems => new()
    {
        { Cluster("Edge_A"), "not a valid name" },
        { Cluster("-edge"), "not a valid name" },
        { Cluster(""), "not a valid name" },
        { Cluster("edge-a", cpuAvailable: -1), "available CPU is -1" },
        { Cluster("edge-a") with { CpuAllocatable = double.NaN }, "allocatable CPU" },
        { Cluster("edge-a") with { MemoryAvailableGiB = -0.5 }, "available memory" },
        { Cluster("edge-a") with { Labels = new Dictionary<string, string> { [""] = "x" } }, "labels" },
    };

    [Theory]
    [MemberData(nameof(InvalidItems))]
    public async Task UpsertFromInventoryAsync_rejects_bad_input_and_stores_nothing(ClusterInventoryItem item, string expected)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Clusters.UpsertFromInventoryAsync([Cluster("edge-ok"), item]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("clusters"));
    }

    [Fact]
    public async Task UpsertFromInventoryAsync_rejects_a_cluster_listed_twice()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Clusters.UpsertFromInventoryAsync([Cluster("edge-a"), Cluster("edge-a")]));

        Assert.Contains("'edge-a' more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertFromInventoryAsync_rejects_bad_input_before_touching_the_database()
    {
        // A store over a schema that was never created: any SQL would fail with a PostgresException.
        var unmigrated = new ClusterStore(new StoreContext(TestDatabase.DataSource, TestDatabase.NewSchemaName()));

        await Assert.ThrowsAsync<ArgumentException>(() => unmigrated.UpsertFromInventoryAsync([Cluster("edge-a", cpuAvailable: -3)]));
        await Assert.ThrowsAsync<ArgumentException>(() => unmigrated.SetEnergyProfileAsync("edge-a", Profile() with { Pue = 0 }));
        await Assert.ThrowsAsync<ArgumentException>(() => unmigrated.GetAsync("Not A Name"));
    }
}
