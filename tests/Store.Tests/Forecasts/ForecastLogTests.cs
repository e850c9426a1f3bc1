using Npgsql;
using Smo.Store.Forecasts;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Forecasts;

public sealed class ForecastLogTests : StoreTest
{
    private static readonly DateTimeOffset Tick = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private ForecastLog Forecasts => new(Context);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateGraphAsync(Graph("g").WithServices("web", "api"));
    }

    /// <summary>A forecast whose upper quantile is its point plus 2 unless given.</summary>
    private static NewForecast For(string service, DateTimeOffset at, double point = 10, double? upper = null, bool acted = true) =>
        new(service, "holt-winters", point, upper ?? point + 2, at, TimeSpan.FromSeconds(90), acted);

    [Fact]
    public async Task RecordAsync_stores_every_field_of_each_forecast()
    {
        await Forecasts.RecordAsync("g", [For("web", Tick, 10, 12, acted: true), For("api", Tick.AddSeconds(5), 3, 3, acted: false)]);

        var stored = (await Forecasts.LatestAsync("g", 10)).OrderBy(f => f.Service, StringComparer.Ordinal).ToList();

        Assert.Equal(2, stored.Count);
        var (api, web) = (stored[0], stored[1]);
        Assert.Equal(("web", "holt-winters", 10.0, 12.0, Tick, TimeSpan.FromSeconds(90), true), (web.Service, web.Method, web.Point, web.Upper, web.At, web.Horizon, web.Acted));
        Assert.Equal(("api", 3.0, false), (api.Service, api.Point, api.Acted));
        Assert.All(stored, f => Assert.Null(f.SettledAt));
        Assert.All(stored, f => Assert.Null(f.Actual));
    }

    [Fact]
    public async Task RecordAsync_of_a_service_the_graph_does_not_have_is_not_found()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Forecasts.RecordAsync("g", [For("nothing", Tick)]));
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(double.NaN, 2)]
    [InlineData(5, 4)]
    [InlineData(5, double.PositiveInfinity)]
    public async Task RecordAsync_refuses_a_forecast_that_is_not_a_rate_with_an_upper_quantile_above_it(double point, double upper)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Forecasts.RecordAsync("g", [For("web", Tick, point, upper)]));

        Assert.Equal(0, await CountAsync("forecasts"));
    }

    [Fact]
    public async Task The_schema_refuses_an_upper_quantile_below_the_point_whoever_writes_it()
    {
        var write = () => TestDatabase.ScalarAsync<long>(
            $"INSERT INTO {Context.Schema}.forecasts (graph, service, method, point, upper, at, horizon_seconds, acted) VALUES ('g', 'web', 'm', 5, 4, now(), 1, true) RETURNING id");

        var refused = await Assert.ThrowsAsync<PostgresException>(write);

        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
    }

    [Fact]
    public async Task SettleAsync_gives_forecasts_due_by_the_measurement_the_rate_and_their_error()
    {
        await Forecasts.RecordAsync("g", [For("web", Tick, point: 10), For("web", Tick.AddSeconds(30), point: 20), For("api", Tick, point: 4)]);

        var settled = await Forecasts.SettleAsync("g", new Dictionary<string, double> { ["web"] = 13, ["api"] = 1 }, Tick.AddSeconds(1), oldest: Tick.AddSeconds(-60));
        var again = await Forecasts.SettleAsync("g", new Dictionary<string, double> { ["web"] = 13, ["api"] = 1 }, Tick.AddSeconds(2), oldest: Tick.AddSeconds(-60));

        Assert.Equal([("api", 4.0, 1.0, 3.0), ("web", 10.0, 13.0, 3.0)], settled.Select(s => (s.Service, s.Forecast, s.Actual, s.AbsoluteError)));
        Assert.All(settled, s => Assert.Equal(Tick, s.At));
        Assert.Empty(again);
        var open = (await Forecasts.LatestAsync("g", 10)).Where(f => f.SettledAt is null).ToList();
        Assert.Equal(Tick.AddSeconds(30), Assert.Single(open).At);
    }

    [Fact]
    public async Task SettleAsync_leaves_services_without_a_measurement_open()
    {
        await Forecasts.RecordAsync("g", [For("web", Tick), For("api", Tick)]);

        var settled = await Forecasts.SettleAsync("g", new Dictionary<string, double> { ["web"] = 9 }, Tick.AddSeconds(1), oldest: Tick.AddSeconds(-60));

        Assert.Equal("web", Assert.Single(settled).Service);
        Assert.Equal("api", Assert.Single(await Forecasts.LatestAsync("g", 10), f => f.SettledAt is null).Service);
    }

    [Fact]
    public async Task SettleAsync_closes_forecasts_no_tick_measured_in_time_without_an_error()
    {
        await Forecasts.RecordAsync("g", [For("web", Tick)]);

        var settled = await Forecasts.SettleAsync("g", new Dictionary<string, double> { ["web"] = 9 }, Tick.AddHours(1), oldest: Tick.AddHours(1).AddSeconds(-60));

        Assert.Empty(settled);
        var closed = Assert.Single(await Forecasts.LatestAsync("g", 10));
        Assert.Equal(Tick.AddHours(1), closed.SettledAt);
        Assert.Null(closed.Actual);
    }

    [Fact]
    public async Task PurgeAsync_and_TrimPerGraphAsync_bound_the_forecasts_kept()
    {
        for (var tick = 0; tick < 5; tick++)
        {
            await Forecasts.RecordAsync("g", [For("web", Tick.AddSeconds(tick))]);
        }

        var trimmed = await Forecasts.TrimPerGraphAsync(keep: 3, batchSize: 1);
        var kept = await Forecasts.LatestAsync("g", 10);
        var purged = await Forecasts.PurgeAsync(DateTimeOffset.UtcNow.AddMinutes(1));

        Assert.Equal(2, trimmed);
        Assert.Equal([Tick.AddSeconds(2), Tick.AddSeconds(3), Tick.AddSeconds(4)], kept.Select(f => f.At).Order());
        Assert.Equal(3, purged);
        Assert.Equal(0, await CountAsync("forecasts"));
    }

    [Fact]
    public async Task A_graphs_forecasts_go_with_it()
    {
        await Forecasts.RecordAsync("g", [For("web", Tick)]);

        await Graphs.DeleteAsync("g");

        Assert.Equal(0, await CountAsync("forecasts"));
    }
}
