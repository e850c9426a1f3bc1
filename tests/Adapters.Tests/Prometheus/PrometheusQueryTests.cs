using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Prometheus;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Prometheus;

/// <summary>Queries against the real Prometheus, scraping a metrics endpoint served by the test.</summary>
public sealed class PrometheusQueryTests : IAsyncLifetime
{
    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(45);
    private readonly string _busy = $"busy-{Guid.NewGuid():N}";
    private readonly string _idle = $"idle-{Guid.NewGuid():N}";
    private ScrapedMetrics _metrics = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _metrics = await ScrapedMetrics.StartAsync(new Dictionary<string, double> { [_busy] = 5, [_idle] = 0 });
        _services = AdapterServices.Build(AdapterServices.Settings(("Smo:Prometheus:BaseUrl", LocalServices.Prometheus.ToString())));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _metrics.DisposeAsync();
    }

    private IServiceMetrics Metrics => _services.GetRequiredService<IServiceMetrics>();

    [Fact]
    public async Task GetRequestRateAsync_measures_the_request_rate_of_a_scraped_service()
    {
        // The first windows hold two or three samples, which rate() extrapolates; the steady value is what matters.
        var rate = await Eventually.HoldsAsync(() => Metrics.GetRequestRateAsync(_busy, TimeSpan.FromSeconds(10)),
            r => r is > 4.0 and < 6.0, ScrapeTimeout, $"a request rate of about 5/s for {_busy}");

        Assert.InRange(rate!.Value, 4.0, 6.0);
    }

    [Fact]
    public async Task GetRequestRateAsync_tells_zero_traffic_from_no_data()
    {
        var idle = await Eventually.HoldsAsync(() => Metrics.GetRequestRateAsync(_idle, TimeSpan.FromSeconds(10)),
            r => r is not null, ScrapeTimeout, $"a request rate for {_idle}");

        var unknown = await Metrics.GetRequestRateAsync($"unknown-{Guid.NewGuid():N}", TimeSpan.FromSeconds(10));

        Assert.Equal(0.0, idle);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task QueryAsync_reports_prometheus_parse_errors_with_its_reason()
    {
        var failure = await Assert.ThrowsAsync<AdapterException>(() => _services.GetRequiredService<IPrometheusQuery>().QueryAsync("sum(rate(x[1m]"));

        Assert.Equal(AdapterFailure.Rejected, failure.Failure);
        Assert.Contains("HTTP 400", failure.Message);
        Assert.Contains("bad_data", failure.Message);
        Assert.Contains("parse error", failure.Message);
    }

    [Fact]
    public async Task QueryAsync_reads_scalars_and_special_values()
    {
        var prometheus = _services.GetRequiredService<IPrometheusQuery>();

        var scalar = Assert.Single(await prometheus.QueryAsync("scalar(vector(0.25))"));
        var infinity = Assert.Single(await prometheus.QueryAsync("vector(1) / 0"));
        var nan = Assert.Single(await prometheus.QueryAsync("vector(0) / 0"));

        Assert.Equal(0.25, scalar.Value);
        Assert.Equal(double.PositiveInfinity, infinity.Value);
        Assert.True(double.IsNaN(nan.Value));
    }

    [Fact]
    public async Task A_query_template_that_does_not_aggregate_to_one_series_is_an_error()
    {
        await using var services = AdapterServices.Build(AdapterServices.Settings(
            ("Smo:Prometheus:BaseUrl", LocalServices.Prometheus.ToString()),
            ("Smo:Prometheus:RequestRateQuery", "vector(1) or label_replace(vector(2), \"x\", \"${service}\", \"\", \"\")")));

        var failure = await Assert.ThrowsAsync<AdapterException>(() =>
            services.GetRequiredService<IServiceMetrics>().GetRequestRateAsync("web", TimeSpan.FromSeconds(30)));

        Assert.Equal(AdapterFailure.InvalidResponse, failure.Failure);
        Assert.Contains("expected one series for service web, got 2", failure.Message);
    }

    [Fact]
    public async Task ReloadAsync_is_accepted_by_prometheus_with_the_lifecycle_api()
    {
        await _services.GetRequiredService<IPrometheusLifecycle>().ReloadAsync();

        using var http = new HttpClient { BaseAddress = LocalServices.Prometheus };
        var ready = await http.GetStringAsync("-/ready");
        Assert.Contains("Ready", ready);
    }
}
