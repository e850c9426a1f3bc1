using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Smo.Adapters;
using Smo.Adapters.Prometheus;
using Smo.Functions.Forecasting;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Tests.Infrastructure;
using Smo.Solver.Forecasting;
using Smo.Store;
using Smo.Store.Forecasts;
using Smo.Store.Graphs;
using Smo.Store.Schema;

namespace Smo.Functions.Tests.Forecasting;

/// <summary>
/// Where a tick's forecasts come from, on the store (a schema of the test's own) and a scripted Prometheus: the
/// history is read once per refresh for all the graph's services, a pushed forecast wins while it spans the horizon,
/// and a service without history enough or Prometheus has no forecast rather than failing the tick.
/// </summary>
public sealed class ServiceForecastsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 30, TimeSpan.Zero);
    private static readonly ForecastingOptions Options = new() { Step = TimeSpan.FromSeconds(60), History = TimeSpan.FromHours(1) };
    private static readonly GraphDefaults Defaults = new() { PodStartDelay = TimeSpan.FromSeconds(60) };

    private readonly string _schema = "smo_fc" + Guid.NewGuid().ToString("N")[..8];
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(PostgresConnection.String);
    private readonly ScriptedHistory _metrics = new();
    private readonly TenfoldForecaster _forecaster = new();
    private StoreContext _store = null!;
    private GraphRecord _graph = null!;

    public async Task InitializeAsync()
    {
        _store = new StoreContext(_dataSource, _schema);
        await new StoreMigrator(_store).MigrateAsync();
        var services = new[] { "web", "api" }.Select(name =>
            new NewService(name, ServiceStatus.Deployed, Conditional: false, new ServiceArtifact($"oci://registry.local/charts/{name}:1.0.0", "helm", "WOT"), new ServiceResources(1, 1, 10)));
        var graphs = new GraphStore(_store);
        await graphs.TryCreateAsync(new NewGraph("shop", "shop", JsonSerializer.SerializeToElement(new { id = "shop" }),
            new GraphStrategies("smo-milp", "predictive", new Dictionary<string, double>(), TimeSpan.FromSeconds(30)), [.. services]));
        _graph = (await graphs.GetAsync("shop"))!;
    }

    public async Task DisposeAsync()
    {
        await using (var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await _dataSource.DisposeAsync();
    }

    private ServiceForecasts Forecasts(ForecastCache cache, IRateForecaster forecaster) =>
        new(new PushedForecasts(_store), _metrics, cache, Options, Defaults, forecaster, NullLogger<ServiceForecasts>.Instance);

    [Fact]
    public async Task The_history_is_read_once_per_refresh_for_all_the_graphs_services_and_forecast_for_the_horizon()
    {
        var forecasts = Forecasts(new ForecastCache(Options), _forecaster);

        var first = await forecasts.ForTickAsync(_graph, ["web", "api"], Now, CancellationToken.None);
        var soon = await forecasts.ForTickAsync(_graph, ["web", "api"], Now.AddSeconds(30), CancellationToken.None);
        var later = await forecasts.ForTickAsync(_graph, ["web", "api"], Now.AddSeconds(61), CancellationToken.None);

        Assert.Equal(2, _metrics.Reads.Count);
        Assert.Equal(["api", "web"], _metrics.Reads[0].Order());
        // Horizon: pod start delay (60 s) + the graph's interval (30 s); the last rate is 10 (web) and 2 (api).
        var web = first.Forecasts["web"];
        Assert.Equal((100.0, 110.0, Now.AddSeconds(90), TimeSpan.FromSeconds(90)), (web.Forecast.Point, web.Forecast.Upper, web.Forecast.At, web.Horizon));
        Assert.Equal(20.0, first.Forecasts["api"].Forecast.Point);
        Assert.Equal(Now.AddSeconds(120), soon.Forecasts["web"].Forecast.At);
        Assert.Equal(100.0, later.Forecasts["web"].Forecast.Point);
        Assert.Empty(first.Unforecast);
    }

    [Fact]
    public async Task A_pushed_forecast_wins_while_its_span_covers_the_horizon()
    {
        await new PushedForecasts(_store).ReplaceAsync("shop", "web", new PushedForecast("planner", [new(Now, 40), new(Now.AddSeconds(120), 80)]));
        var forecasts = Forecasts(new ForecastCache(Options), _forecaster);

        var covered = await forecasts.ForTickAsync(_graph, ["web", "api"], Now, CancellationToken.None);
        var stale = await forecasts.ForTickAsync(_graph, ["web", "api"], Now.AddSeconds(31), CancellationToken.None);

        var pushed = covered.Forecasts["web"];
        Assert.Equal((ForecastMethods.Pushed, 70.0, 70.0, "planner"), (pushed.Forecast.Method, pushed.Forecast.Point, pushed.Forecast.Upper, pushed.Source));
        Assert.Equal(["api"], _metrics.Reads[0]);
        Assert.Equal(TenfoldForecaster.Method, stale.Forecasts["web"].Forecast.Method);
    }

    [Fact]
    public async Task Services_without_history_enough_or_Prometheus_have_no_forecast()
    {
        _metrics.Histories.Remove("api");

        var noHistory = await Forecasts(new ForecastCache(Options), _forecaster).ForTickAsync(_graph, ["web", "api"], Now, CancellationToken.None);
        var tooShort = await Forecasts(new ForecastCache(Options), new TooShortForecaster()).ForTickAsync(_graph, ["web", "api"], Now, CancellationToken.None);
        _metrics.Failing = true;
        var noPrometheus = await Forecasts(new ForecastCache(Options), _forecaster).ForTickAsync(_graph, ["web", "api"], Now, CancellationToken.None);

        Assert.Equal(["web"], noHistory.Forecasts.Keys);
        Assert.Equal(["api"], noHistory.Unforecast);
        Assert.Equal((0, 2), (tooShort.Forecasts.Count, tooShort.Unforecast.Count));
        Assert.Equal((0, 2), (noPrometheus.Forecasts.Count, noPrometheus.Unforecast.Count));
    }

    [Fact]
    public void The_cache_keeps_at_most_its_bound_dropping_the_least_recently_read()
    {
        var cache = new ForecastCache(new ForecastingOptions { MaxCachedServices = 10 });

        for (var i = 0; i < 25; i++)
        {
            cache.Store("g", $"s{i}", new CachedForecast(Now.AddSeconds(i), null, null));
        }

        Assert.InRange(cache.Count, 1, 10);
        Assert.NotNull(cache.Fresh("g", "s24", Now));
        Assert.Null(cache.Fresh("g", "s0", Now.AddSeconds(-1)));
    }

    /// <summary>Prometheus as the forecasts see it: a steady history per service (web 10/s, api 2/s), each read recorded.</summary>
    private sealed class ScriptedHistory : IServiceMetrics
    {
        public Dictionary<string, double> Histories { get; } = new() { ["web"] = 10, ["api"] = 2 };

        public List<string[]> Reads { get; } = [];

        public bool Failing { get; set; }

        public Task<IReadOnlyDictionary<ScopedService, RequestRateHistory>> GetRequestRateHistoryAsync(
            IReadOnlyCollection<ScopedService> services, TimeSpan window, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
        {
            if (Failing)
            {
                throw new AdapterException(ExternalSystem.Prometheus, "query the request-rate history", AdapterFailure.Unavailable, "connection refused");
            }

            Reads.Add([.. services.Select(s => s.Service)]);
            var points = (int)((end - start) / step) + 1;
            IReadOnlyDictionary<ScopedService, RequestRateHistory> histories = services
                .Where(s => Histories.ContainsKey(s.Service))
                .ToDictionary(s => s, s => new RequestRateHistory(start, step, [.. Enumerable.Repeat(Histories[s.Service], points)]));
            return Task.FromResult(histories);
        }

        public Task<double?> GetRequestRateAsync(string service, TimeSpan window, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<ScopedService, double>> GetRequestRatesAsync(IReadOnlyCollection<ScopedService> services, TimeSpan window, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<double?> GetLatencyAsync(string service, TimeSpan window, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<double?> GetCpuUtilizationAsync(string service, TimeSpan window, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
