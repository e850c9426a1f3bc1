using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Prometheus;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Prometheus;

/// <summary>Answers a real Prometheus never gives in these tests: malformed values and refused lifecycle calls.</summary>
public sealed class PrometheusWireFormatTests
{
    private static async Task<(InTestServer Server, ServiceProvider Services)> ServeAsync(string queryAnswer, int reloadStatus = 200, string reloadBody = "")
    {
        var server = await InTestServer.StartAsync(app =>
        {
            app.MapPost("/api/v1/query", () => Results.Text(queryAnswer, "application/json"));
            app.MapPost("/-/reload", () => Results.Text(reloadBody, "text/plain", statusCode: reloadStatus));
        });
        return (server, AdapterServices.Build(AdapterServices.Settings(("Smo:Prometheus:BaseUrl", server.BaseUrl.ToString())),
            AdapterServices.FastResilience("Smo:Prometheus", 0)));
    }

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"abc"]}]}}""", "'abc', which is not a number")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,12]}]}}""", "sample values as strings")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[]}}""", "only instant vectors and scalars")]
    [InlineData("""{"status":"success"}""", "data is missing")]
    [InlineData("""{"status":"success","data":{"resultType":"vector"}}""", "data.result is missing")]
    [InlineData("""not json""", "failed: 'not json' is an invalid JSON literal")]
    public async Task QueryAsync_refuses_malformed_answers_saying_what_is_wrong(string answer, string reason)
    {
        var (server, services) = await ServeAsync(answer);
        await using (server)
        await using (services)
        {
            var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IPrometheusQuery>().QueryAsync("up"));

            // The message says why when the kind is not the expected one (a timeout on a loaded machine was seen once).
            Assert.True(failure.Failure == AdapterFailure.InvalidResponse, $"{failure.Failure}: {failure.Message}");
            Assert.Contains(reason, failure.Message);
        }
    }

    [Fact]
    public async Task QueryAsync_reads_exponent_values_and_fractional_timestamps()
    {
        var (server, services) = await ServeAsync("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"service":"a"},"value":[1700000000.5,"1e-07"]}]}}""");
        await using (server)
        await using (services)
        {
            var sample = Assert.Single(await services.GetRequiredService<IPrometheusQuery>().QueryAsync("up"));

            Assert.Equal(1e-07, sample.Value);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), sample.Timestamp);
            Assert.Equal("a", sample.Labels["service"]);
        }
    }

    [Fact]
    public async Task ReloadAsync_fails_with_prometheus_words_when_the_lifecycle_api_is_off()
    {
        var (server, services) = await ServeAsync("{}", reloadStatus: 403, reloadBody: "Lifecycle API is not enabled.");
        await using (server)
        await using (services)
        {
            var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IPrometheusLifecycle>().ReloadAsync());

            Assert.Equal(AdapterFailure.Rejected, failure.Failure);
            Assert.Equal("Prometheus: reload the configuration failed: HTTP 403 Forbidden: Lifecycle API is not enabled.", failure.Message);
        }
    }
}
