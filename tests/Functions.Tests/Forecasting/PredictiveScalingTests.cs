using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Smo.Functions.Tests.Graphs;
using Smo.Solver.Forecasting;
using Smo.Store.Decisions;
using Smo.Store.Forecasts;

namespace Smo.Functions.Tests.Forecasting;

/// <summary>
/// The predictive strategies through the whole control plane, on the real Prometheus scraping the simulator: a
/// forecast of a rise scales up ahead of it where <c>smo-milp</c> does not; the shadow records the same forecasts and
/// decides as <c>smo-milp</c>; forecasts are stored and a later tick records their error; a pushed forecast wins while
/// its span covers the horizon and is dropped when it no longer does.
/// </summary>
public sealed class PredictiveScalingTests
{
    private const string Graph = "shop-demo";
    private const string Web = "shop-web";

    // The horizon is the pod start delay plus the graph's interval (the descriptor's 5 s): 7 s, so errors come soon.
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Smo__Graphs__PodStartDelay"] = "00:00:02",
        ["Smo__Forecasting__Step"] = "00:00:02",
        ["Smo__Forecasting__History"] = "00:05:00",
    };

    private static Action<IServiceCollection> With(IRateForecaster forecaster) => services => services.AddSingleton(forecaster);

    [Fact]
    public async Task Predictive_scales_up_ahead_of_a_rise_the_forecast_sees_where_smo_milp_does_not()
    {
        var forecaster = new TenfoldForecaster();
        await using var host = await ControlPlaneHost.StartAsync(scraped: true, settings: Settings, services: With(forecaster));
        await host.SetLoadAsync(Web, 10);
        await DeployAsync(host);
        // smo-milp on the rate now: 10 req/s at 20 per replica is one replica, however long it looks.
        var reactive = await UntilDecisionAsync(host, d => d.Strategy == "smo-milp" && Rate(d, Web) is > 8 and < 12, "smo-milp decides on about 10 req/s");
        Assert.Equal(1, Replicas(reactive, Web));

        var adopt = await host.Client.PostAsync($"/graphs/{Graph}/execute_strategy/predictive", Json("""{"kind": "scaling"}"""));
        Assert.Equal(HttpStatusCode.Accepted, adopt.StatusCode);
        var predictive = await UntilDecisionAsync(host, d => d.Strategy == "predictive" && Replicas(d, Web) > 1, "predictive scales shop-web up");

        // Still about 10 req/s now: the forecast (upper 11 times the history's last rate, which the scrape makes noisy)
        // set the count, at 20 req/s per replica.
        Assert.InRange(Rate(predictive, Web), 8, 12);
        var forecast = Forecast(predictive, Web);
        Assert.Equal((TenfoldForecaster.Method, true, 7.0), (forecast.GetProperty("method").GetString(), forecast.GetProperty("acted").GetBoolean(), forecast.GetProperty("horizonSeconds").GetDouble()));
        var upper = forecast.GetProperty("upper").GetDouble();
        Assert.InRange(upper, 44, 176);
        Assert.Equal(Math.Min(8, (int)Math.Ceiling(upper / 20)), Replicas(predictive, Web));
        var why = Explanation(predictive, Web);
        Assert.True(why.GetProperty("forecastDecided").GetBoolean(), why.ToString());
        await host.UntilGraphAsync(Graph, g => ControlPlaneHost.Replicas(g, Web) > 1, "the graph shows shop-web scaled up");

        // A tick a horizon later measures the rate the forecast was for: its error goes with that tick's decision and into the store.
        var measured = await UntilDecisionAsync(host, d => Errors(d).Any(e => e.GetProperty("service").GetString() == Web), "a decision with shop-web's forecast error");
        var error = Errors(measured).First(e => e.GetProperty("service").GetString() == Web);
        Assert.InRange(error.GetProperty("actual").GetDouble(), 5, 15);
        Assert.Equal(Math.Abs(error.GetProperty("forecast").GetDouble() - error.GetProperty("actual").GetDouble()), error.GetProperty("absoluteError").GetDouble(), 6);
        var stored = await host.Factory.Services.GetRequiredService<ForecastLog>().LatestAsync(Graph, 1000);
        Assert.Contains(stored, f => f.Service == Web && f.Actual is > 5 and < 15 && f.Point > 30);
    }

    [Fact]
    public async Task Predictive_shadow_records_the_forecasts_and_decides_as_smo_milp()
    {
        var settings = new Dictionary<string, string>(Settings) { ["Smo__Graphs__ScalingStrategy"] = "predictive-shadow" };
        await using var host = await ControlPlaneHost.StartAsync(scraped: true, settings: settings, services: With(new TenfoldForecaster()));
        await host.SetLoadAsync(Web, 10);
        await DeployAsync(host);

        var shadow = await UntilDecisionAsync(host, d => d.Strategy == "predictive-shadow" && Rate(d, Web) is > 8 and < 12 && Errors(d).Count > 0,
            "a shadow decision on about 10 req/s with an earlier forecast's error");

        Assert.Equal(1, Replicas(shadow, Web));
        var forecast = Forecast(shadow, Web);
        Assert.False(forecast.GetProperty("acted").GetBoolean());
        Assert.InRange(forecast.GetProperty("upper").GetDouble(), 44, 176);
        Assert.Equal(JsonValueKind.Null, Explanation(shadow, Web).GetProperty("predictedRate").ValueKind);
        Assert.All((await host.Factory.Services.GetRequiredService<ForecastLog>().LatestAsync(Graph, 1000)).Where(f => f.Service == Web), f => Assert.False(f.Acted));
        Assert.Equal(1, ControlPlaneHost.Replicas(await host.GraphAsync(Graph), Web));
    }

    [Fact]
    public async Task A_pushed_forecast_wins_while_it_covers_the_horizon_and_is_dropped_when_stale()
    {
        // A history too short for the forecaster: without the pushed forecast, the tick scales on the rate now and says so.
        var settings = new Dictionary<string, string>(Settings) { ["Smo__Graphs__ScalingStrategy"] = "predictive" };
        await using var host = await ControlPlaneHost.StartAsync(scraped: true, settings: settings, services: With(new TooShortForecaster()));
        await host.SetLoadAsync(Web, 10);
        await DeployAsync(host);
        var unforecast = await UntilDecisionAsync(host, d => Rate(d, Web) is > 8 and < 12, "a decision on about 10 req/s");
        Assert.Contains($"No forecast for", unforecast.Reason, StringComparison.Ordinal);
        Assert.Equal(1, Replicas(unforecast, Web));

        var now = DateTimeOffset.UtcNow;
        var push = await host.Client.PutAsync($"/graphs/{Graph}/services/{Web}/forecast", Json($$"""
            {"points": [{"at": "{{Rfc3339(now.AddSeconds(-5))}}", "rate": 100}, {"at": "{{Rfc3339(now.AddSeconds(30))}}", "rate": 100}], "source": "planner"}
            """));
        Assert.Equal(HttpStatusCode.OK, push.StatusCode);

        var pushed = await UntilDecisionAsync(host, d => Replicas(d, Web) > 1, "the pushed forecast scales shop-web up");
        var forecast = Forecast(pushed, Web);
        Assert.Equal((ForecastMethods.Pushed, 100.0, true), (forecast.GetProperty("method").GetString(), forecast.GetProperty("upper").GetDouble(), forecast.GetProperty("acted").GetBoolean()));
        Assert.Equal(5, Replicas(pushed, Web));

        // Once now + the horizon passes the series' last point, it no longer speaks for the time the tick decides for.
        var stale = await UntilDecisionAsync(host, d => d.CreatedAt > now.AddSeconds(30) && Rate(d, Web) is > 8 and < 12, "a decision after the pushed series ends");
        Assert.False(Forecasts(stale).Any(f => f.GetProperty("service").GetString() == Web), stale.Result.ToString());
        Assert.Matches($"No forecast for [^(]*{Web}", stale.Reason);
        Assert.Equal(1, Replicas(stale, Web));
    }

    private static async Task DeployAsync(ControlPlaneHost host)
    {
        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs", seconds: 90);
    }

    /// <summary>The newest scaling decision about shop-web that <paramref name="condition"/> holds for.</summary>
    private static async Task<DecisionRecord> UntilDecisionAsync(ControlPlaneHost host, Func<DecisionRecord, bool> condition, string what, int seconds = 120)
    {
        var decisions = host.Factory.Services.GetRequiredService<DecisionLog>();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        IReadOnlyList<DecisionRecord> latest = [];
        while (DateTime.UtcNow < deadline)
        {
            latest = await decisions.LatestAsync(Graph, 20);
            if (latest.FirstOrDefault(d => d.Kind == DecisionKind.Scaling && d.Result.GetProperty("replicas").TryGetProperty(Web, out _) && condition(d)) is { } found)
            {
                return found;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Timed out waiting for {what}. Latest: {string.Join(" | ", latest.Take(3).Select(d => $"{d.Strategy} {d.Reason} {d.Result}"))}");
        return null!;
    }

    private static int Replicas(DecisionRecord decision, string service) => decision.Result.GetProperty("replicas").GetProperty(service).GetInt32();

    private static double Rate(DecisionRecord decision, string service) =>
        decision.Inputs.GetProperty("services").EnumerateArray().Where(s => s.TryGetProperty("name", out var name) && name.GetString() == service)
            .Select(s => s.GetProperty("requestRate").GetDouble()).DefaultIfEmpty(double.NaN).First();

    private static JsonElement Explanation(DecisionRecord decision, string service) =>
        decision.Result.GetProperty("explanation").EnumerateArray().Single(e => e.GetProperty("service").GetString() == service);

    private static List<JsonElement> Forecasts(DecisionRecord decision) =>
        decision.Result.TryGetProperty("forecasts", out var forecasts) ? [.. forecasts.EnumerateArray()] : [];

    private static JsonElement Forecast(DecisionRecord decision, string service) =>
        Assert.Single(Forecasts(decision), f => f.GetProperty("service").GetString() == service);

    private static List<JsonElement> Errors(DecisionRecord decision) =>
        decision.Result.TryGetProperty("forecastErrors", out var errors) ? [.. errors.EnumerateArray()] : [];

    private static string Rfc3339(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
