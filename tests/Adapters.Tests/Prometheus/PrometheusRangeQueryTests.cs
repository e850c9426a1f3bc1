using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Smo.Adapters.Prometheus;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Prometheus;

/// <summary>Range queries (<c>/api/v1/query_range</c>) against the real Prometheus, and the request-rate history built on them.</summary>
public sealed class PrometheusRangeQueryTests : IAsyncLifetime
{
    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(60);
    private readonly string _busy = $"busy-{Guid.NewGuid():N}";
    private readonly string _idle = $"idle-{Guid.NewGuid():N}";
    private ScrapedMetrics _metrics = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        // The busy service's name is also used in another project, where its pods are much busier.
        _metrics = await ScrapedMetrics.StartAsync(new Dictionary<string, double> { [_busy] = 5, [_idle] = 0, [$"other-project/{_busy}"] = 50 });
        _services = AdapterServices.Build(AdapterServices.Settings(("Smo:Prometheus:BaseUrl", LocalServices.Prometheus.ToString())));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _metrics.DisposeAsync();
    }

    private IPrometheusQuery Prometheus => _services.GetRequiredService<IPrometheusQuery>();

    private static ScopedService In(string service) => new(ScrapedMetrics.Namespace, service);

    [Fact]
    public async Task QueryRangeAsync_asks_a_range_prometheus_refuses_whole_in_parts_and_joins_them()
    {
        var end = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var start = end.AddSeconds(-(PrometheusClient.MaxPointsPerRangeQuery + 999));
        using var http = new HttpClient { BaseAddress = LocalServices.Prometheus };
        var whole = await http.PostAsync("api/v1/query_range", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["query"] = "vector(1)", ["start"] = Seconds(start), ["end"] = Seconds(end), ["step"] = "1",
        }));

        var series = Assert.Single(await Prometheus.QueryRangeAsync("vector(1)", start, end, TimeSpan.FromSeconds(1)));

        Assert.Equal(HttpStatusCode.BadRequest, whole.StatusCode);
        Assert.Contains("exceeded maximum resolution", await whole.Content.ReadAsStringAsync());
        Assert.Equal(PrometheusClient.MaxPointsPerRangeQuery + 1000, series.Points.Count);
        Assert.Equal(start, series.Points[0].Timestamp);
        Assert.Equal(end, series.Points[^1].Timestamp);
        Assert.All(series.Points.Zip(series.Points.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(1), pair.Second.Timestamp - pair.First.Timestamp));
        Assert.All(series.Points, p => Assert.Equal(1.0, p.Value));
    }

    [Fact]
    public async Task QueryRangeAsync_reads_not_a_number_and_infinity()
    {
        var end = DateTimeOffset.UtcNow;

        var nan = Assert.Single(await Prometheus.QueryRangeAsync("vector(0) / 0", end.AddMinutes(-1), end, TimeSpan.FromSeconds(15)));
        var infinity = Assert.Single(await Prometheus.QueryRangeAsync("vector(1) / 0", end.AddMinutes(-1), end, TimeSpan.FromSeconds(15)));

        Assert.Equal(5, nan.Points.Count);
        Assert.All(nan.Points, p => Assert.True(double.IsNaN(p.Value)));
        Assert.All(infinity.Points, p => Assert.Equal(double.PositiveInfinity, p.Value));
    }

    [Fact]
    public async Task QueryRangeAsync_reports_prometheus_parse_errors_with_its_reason()
    {
        var end = DateTimeOffset.UtcNow;

        var failure = await Assert.ThrowsAsync<AdapterException>(() => Prometheus.QueryRangeAsync("sum(rate(x[1m]", end.AddMinutes(-1), end, TimeSpan.FromSeconds(15)));

        Assert.Equal(AdapterFailure.Rejected, failure.Failure);
        Assert.Contains("bad_data", failure.Message);
        Assert.Contains("parse error", failure.Message);
    }

    [Fact]
    public async Task GetRequestRateHistoryAsync_reads_each_services_history_in_its_own_namespace_from_one_query()
    {
        var counting = new CountingRangeQuery(Prometheus);
        var metrics = new PrometheusServiceMetrics(counting, Options.Create(new PrometheusOptions { BaseUrl = LocalServices.Prometheus }));
        var unknown = In($"unknown-{Guid.NewGuid():N}");
        var step = TimeSpan.FromSeconds(5);

        var (start, history) = await Eventually.HoldsAsync(async () =>
            {
                var end = DateTimeOffset.UtcNow;
                var start = end - TimeSpan.FromMinutes(2);
                return (Start: start, History: await metrics.GetRequestRateHistoryAsync([In(_busy), In(_idle), unknown], TimeSpan.FromSeconds(10), start, end, step));
            },
            h => h.History.TryGetValue(In(_busy), out var busy) && busy.Values[^1] is > 4.0 and < 6.0 && h.History.ContainsKey(In(_idle)),
            ScrapeTimeout, $"a history ending near 5/s for {_busy}");
        var asked = counting.Queries;
        await metrics.GetRequestRateHistoryAsync([In(_busy), In(_idle), unknown], TimeSpan.FromSeconds(10), start, start.AddMinutes(2), step);

        Assert.Equal([_busy, _idle], history.Keys.Select(k => k.Service).Order());
        var busy = history[In(_busy)];
        Assert.Equal((start, step, 25), (busy.Start, busy.Step, busy.Values.Count));
        // Before the test's endpoint was scraped there is no data; after it, the rate of this namespace's pods only (not
        // 50/s; the first windows' extrapolation may overshoot 5/s a little).
        Assert.Contains(busy.Values, double.IsNaN);
        Assert.All(busy.Values.Where(v => !double.IsNaN(v)), v => Assert.InRange(v, 0.0, 20.0));
        Assert.All(history[In(_idle)].Values.Where(v => !double.IsNaN(v)), v => Assert.Equal(0.0, v));
        Assert.Equal(asked + 1, counting.Queries);
    }

    private static string Seconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The real client, counting the range queries that go through it.</summary>
    private sealed class CountingRangeQuery(IPrometheusQuery inner) : IPrometheusQuery
    {
        private int _queries;

        public int Queries => _queries;

        public Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promql, DateTimeOffset? time = null, CancellationToken cancellationToken = default) =>
            inner.QueryAsync(promql, time, cancellationToken);

        public Task<IReadOnlyList<PrometheusSeries>> QueryRangeAsync(
            string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _queries);
            return inner.QueryRangeAsync(promql, start, end, step, cancellationToken);
        }
    }
}
