using Smo.Store.Forecasts;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Forecasts;

public sealed class PushedForecastsTests : StoreTest
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private PushedForecasts Pushed => new(Context);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateGraphAsync(Graph("g").WithServices("web", "api"));
    }

    /// <summary>Rates 10, 20, 40 a minute apart from <see cref="Start"/>.</summary>
    private static PushedForecast Rising(string? source = "planner") =>
        new(source, [new(Start, 10), new(Start.AddMinutes(1), 20), new(Start.AddMinutes(2), 40)]);

    [Fact]
    public async Task GetAsync_reads_back_the_series_pushed()
    {
        await Pushed.ReplaceAsync("g", "web", Rising());

        var stored = await Pushed.GetAsync("g", "web");

        Assert.NotNull(stored);
        Assert.Equal("planner", stored.Source);
        Assert.Equal(Rising().Points, stored.Points);
        Assert.InRange(stored.PushedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Null(await Pushed.GetAsync("g", "api"));
    }

    [Fact]
    public async Task ReplaceAsync_replaces_the_whole_series_never_merging_points()
    {
        await Pushed.ReplaceAsync("g", "web", Rising());

        await Pushed.ReplaceAsync("g", "web", new PushedForecast(null, [new(Start.AddSeconds(30), 7)]));

        var stored = await Pushed.GetAsync("g", "web");
        Assert.Equal([new ForecastPoint(Start.AddSeconds(30), 7)], stored!.Points);
        Assert.Null(stored.Source);
        Assert.Equal(1, await CountAsync("pushed_forecast_points"));
    }

    [Fact]
    public async Task ReplaceAsync_for_a_service_the_graph_does_not_have_is_not_found()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Pushed.ReplaceAsync("g", "nothing", Rising()));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Pushed.ReplaceAsync("other", "web", Rising()));
    }

    [Fact]
    public async Task ReplaceAsync_refuses_times_that_do_not_increase_and_rates_that_are_not_rates_keeping_the_series_before()
    {
        await Pushed.ReplaceAsync("g", "web", Rising());

        await Assert.ThrowsAsync<ArgumentException>(() => Pushed.ReplaceAsync("g", "web", new PushedForecast(null, [new(Start, 1), new(Start, 2)])));
        await Assert.ThrowsAsync<ArgumentException>(() => Pushed.ReplaceAsync("g", "web", new PushedForecast(null, [new(Start, double.NaN)])));
        await Assert.ThrowsAsync<ArgumentException>(() => Pushed.ReplaceAsync("g", "web", new PushedForecast(null, [])));

        Assert.Equal(Rising().Points, (await Pushed.GetAsync("g", "web"))!.Points);
    }

    [Theory]
    [InlineData(0, 10.0)]
    [InlineData(30, 15.0)]
    [InlineData(60, 20.0)]
    [InlineData(90, 30.0)]
    [InlineData(120, 40.0)]
    public async Task RatesAtAsync_interpolates_between_the_points_around_the_time(int seconds, double rate)
    {
        await Pushed.ReplaceAsync("g", "web", Rising());

        var rates = await Pushed.RatesAtAsync("g", Start.AddSeconds(seconds));

        var web = Assert.Single(rates).Value;
        Assert.Equal(("web", "planner", rate), (web.Service, web.Source, web.Rate));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(121)]
    public async Task RatesAtAsync_leaves_out_a_series_that_does_not_span_the_time(int seconds)
    {
        await Pushed.ReplaceAsync("g", "web", Rising());

        Assert.Empty(await Pushed.RatesAtAsync("g", Start.AddSeconds(seconds)));
    }

    [Fact]
    public async Task A_graphs_pushed_forecasts_go_with_it()
    {
        await Pushed.ReplaceAsync("g", "web", Rising());

        await Graphs.DeleteAsync("g");

        Assert.Equal(0, await CountAsync("pushed_forecasts"));
        Assert.Equal(0, await CountAsync("pushed_forecast_points"));
    }
}
