using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Smo.Adapters.Prometheus;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Prometheus;

/// <summary>Queries against the real Prometheus, scraping a metrics endpoint served by the test.</summary>
public sealed class PrometheusQueryTests : IAsyncLifetime
{
    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(45);
    private readonly string _busy = $"busy-{Guid.NewGuid():N}";
    private readonly string _idle = $"idle-{Guid.NewGuid():N}";
    private readonly string _dotted = $"dotted.{Guid.NewGuid():N}";
    private readonly string _lone = $"lone-{Guid.NewGuid():N}";
    private ScrapedMetrics _metrics = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        // The busy service's name is also used in another project, where its pods are much busier.
        _metrics = await ScrapedMetrics.StartAsync(new Dictionary<string, double> { [_busy] = 5, [_idle] = 0, [_dotted] = 3, [_lone] = 5, [$"other-project/{_busy}"] = 50 });
        _services = AdapterServices.Build(AdapterServices.Settings(("Smo:Prometheus:BaseUrl", LocalServices.Prometheus.ToString())));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _metrics.DisposeAsync();
    }

    private IServiceMetrics Metrics => _services.GetRequiredService<IServiceMetrics>();

    private static ScopedService In(string service) => new(ScrapedMetrics.Namespace, service);

    [Fact]
    public async Task GetRequestRateAsync_measures_the_request_rate_of_a_scraped_service()
    {
        // The first windows hold two or three samples, which rate() extrapolates; the steady value is what matters. The
        // single-service query is not scoped to a namespace, so it asks for a name no other project uses.
        var rate = await Eventually.HoldsAsync(() => Metrics.GetRequestRateAsync(_lone, TimeSpan.FromSeconds(10)),
            r => r is > 4.0 and < 6.0, ScrapeTimeout, $"a request rate of about 5/s for {_lone}");

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
    public async Task GetRequestRatesAsync_reads_the_rates_of_many_services_in_one_query()
    {
        var counting = new CountingQuery(_services.GetRequiredService<IPrometheusQuery>());
        var metrics = Batched(counting, servicesPerQuery: PrometheusOptions.DefaultServicesPerQuery);
        var unknown = $"unknown-{Guid.NewGuid():N}";

        var rates = await Eventually.HoldsAsync(() => metrics.GetRequestRatesAsync([In(_busy), In(_idle), In(unknown)], TimeSpan.FromSeconds(10)),
            r => r.GetValueOrDefault(In(_busy)) is > 4.0 and < 6.0 && r.ContainsKey(In(_idle)), ScrapeTimeout, $"rates for {_busy} and {_idle}");
        var asked = counting.Queries;
        await metrics.GetRequestRatesAsync([In(_busy), In(_idle), In(unknown)], TimeSpan.FromSeconds(10));

        Assert.Equal([_busy, _idle], rates.Keys.Select(k => k.Service).Order());
        Assert.Equal(0.0, rates[In(_idle)]);
        Assert.Equal(asked + 1, counting.Queries);
    }

    [Fact]
    public async Task GetRequestRatesAsync_asks_once_for_every_service_beyond_ServicesPerQuery_names_and_keeps_those_asked()
    {
        var counting = new CountingQuery(_services.GetRequiredService<IPrometheusQuery>());
        var metrics = Batched(counting, servicesPerQuery: 2);
        ScopedService[] services = [In(_busy), In(_idle), In(_dotted), In($"unknown-{Guid.NewGuid():N}"), In($"unknown-{Guid.NewGuid():N}")];

        var rates = await Eventually.HoldsAsync(() => metrics.GetRequestRatesAsync(services, TimeSpan.FromSeconds(10)),
            r => r.Count == 3 && r[In(_busy)] is > 4.0 and < 6.0, ScrapeTimeout, $"rates for {_busy}, {_idle} and {_dotted}");
        var asked = counting.Queries;
        await metrics.GetRequestRatesAsync(services, TimeSpan.FromSeconds(10));

        Assert.Equal([_busy, _dotted, _idle], rates.Keys.Select(k => k.Service).Order());
        Assert.InRange(rates[In(_busy)], 4.0, 6.0);
        Assert.Equal(asked + 1, counting.Queries);
    }

    [Fact]
    public async Task GetRequestRatesAsync_matches_each_name_literally_however_it_is_spelt()
    {
        string[] hostile = [".*", "a|b", "(", "[x", "q\\", "x\"}) or vector(1) or sum(y{z=\"", "new\nline", "tab\tbed"];

        var rates = await Eventually.HoldsAsync(() => Metrics.GetRequestRatesAsync([In(_dotted), .. hostile.Select(In), new ScopedService(".*", _busy)], TimeSpan.FromSeconds(10)),
            r => r.GetValueOrDefault(In(_dotted)) is > 2.0 and < 4.0, ScrapeTimeout, $"a rate of about 3/s for {_dotted}");

        Assert.Equal([In(_dotted)], rates.Keys);
        Assert.InRange(rates[In(_dotted)], 2.0, 4.0);
    }

    [Fact]
    public async Task GetRequestRatesAsync_reads_a_service_in_its_own_namespace_only()
    {
        // Another project's pods export the same service name at 50/s: they must not count for this one.
        var rates = await Eventually.HoldsAsync(() => Metrics.GetRequestRatesAsync([In(_busy)], TimeSpan.FromSeconds(10)),
            r => r.GetValueOrDefault(In(_busy)) is > 4.0 and < 6.0, ScrapeTimeout, $"a rate of about 5/s for {_busy}");
        var other = await Eventually.HoldsAsync(() => Metrics.GetRequestRatesAsync([new ScopedService("other-project", _busy)], TimeSpan.FromSeconds(10)),
            r => r.GetValueOrDefault(new ScopedService("other-project", _busy)) > 40, ScrapeTimeout, $"a rate of about 50/s for other-project/{_busy}");

        Assert.InRange(rates[In(_busy)], 4.0, 6.0);
        Assert.InRange(other[new ScopedService("other-project", _busy)], 40.0, 60.0);
    }

    [Fact]
    public async Task GetRequestRatesAsync_of_no_services_asks_nothing()
    {
        var counting = new CountingQuery(_services.GetRequiredService<IPrometheusQuery>());

        var rates = await Batched(counting, PrometheusOptions.DefaultServicesPerQuery).GetRequestRatesAsync([], TimeSpan.FromSeconds(10));

        Assert.Empty(rates);
        Assert.Equal(0, counting.Queries);
    }

    [Fact]
    public async Task A_request_rates_template_that_does_not_keep_the_service_label_is_an_error()
    {
        await using var services = AdapterServices.Build(AdapterServices.Settings(
            ("Smo:Prometheus:BaseUrl", LocalServices.Prometheus.ToString()),
            ("Smo:Prometheus:RequestRatesQuery", "label_replace(vector(1), \"x\", \"${namespaces}${services}\", \"\", \"\")")));

        var failure = await Assert.ThrowsAsync<AdapterException>(() =>
            services.GetRequiredService<IServiceMetrics>().GetRequestRatesAsync([new ScopedService("shop", "web")], TimeSpan.FromSeconds(30)));

        Assert.Equal(AdapterFailure.InvalidResponse, failure.Failure);
        Assert.Contains("expected one series per service and namespace, keyed by its 'namespace' and 'service' labels", failure.Message);
    }

    [Theory]
    [InlineData("Smo:Prometheus:RequestRatesQuery", "sum(rate(flask_http_request_total[${window}]))by(service)", "RequestRatesQuery needs ${services}")]
    [InlineData("Smo:Prometheus:RequestRatesQuery", "sum(rate(flask_http_request_total{service=~\"${services}\"}[${window}]))by(service)", "RequestRatesQuery needs ${namespaces}")]
    [InlineData("Smo:Prometheus:RequestRatesQuery", "", "The RequestRatesQuery field is required")]
    [InlineData("Smo:Prometheus:ServicesPerQuery", "0", "ServicesPerQuery must be between 1 and 1000")]
    public void Request_rates_settings_that_cannot_work_are_refused_by_the_options_validation(string key, string value, string reason)
    {
        using var services = AdapterServices.Build(AdapterServices.Settings(("Smo:Prometheus:BaseUrl", LocalServices.Prometheus.ToString()), (key, value)));

        // The validation a host runs on start (ValidateOnStart) is the one reading the options runs.
        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PrometheusOptions>>().Value);

        Assert.Contains(reason, failure.Message);
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

    private static PrometheusServiceMetrics Batched(IPrometheusQuery prometheus, int servicesPerQuery) =>
        new(prometheus, Options.Create(new PrometheusOptions { BaseUrl = LocalServices.Prometheus, ServicesPerQuery = servicesPerQuery }));

    [Fact]
    public async Task ReloadAsync_is_accepted_by_prometheus_with_the_lifecycle_api()
    {
        await _services.GetRequiredService<IPrometheusLifecycle>().ReloadAsync();

        using var http = new HttpClient { BaseAddress = LocalServices.Prometheus };
        var ready = await http.GetStringAsync("-/ready");
        Assert.Contains("Ready", ready);
    }

    /// <summary>The real client, counting the queries that go through it.</summary>
    private sealed class CountingQuery(IPrometheusQuery inner) : IPrometheusQuery
    {
        private int _queries;

        public int Queries => _queries;

        public Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promql, DateTimeOffset? time = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _queries);
            return inner.QueryAsync(promql, time, cancellationToken);
        }

        public Task<IReadOnlyList<PrometheusSeries>> QueryRangeAsync(
            string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _queries);
            return inner.QueryRangeAsync(promql, start, end, step, cancellationToken);
        }
    }
}
