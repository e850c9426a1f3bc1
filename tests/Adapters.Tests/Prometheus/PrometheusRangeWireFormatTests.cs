using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Prometheus;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Prometheus;

/// <summary>Range answers a real Prometheus never gives in these tests: malformed matrices and answers too large to hold.</summary>
public sealed class PrometheusRangeWireFormatTests
{
    private static readonly DateTimeOffset End = DateTimeOffset.FromUnixTimeSeconds(1_700_000_060);

    private static async Task<(InTestServer Server, ServiceProvider Services, List<IFormCollection> Asked)> ServeAsync(
        Func<IFormCollection, string> answer, params (string Key, string? Value)[] settings)
    {
        var asked = new List<IFormCollection>();
        var server = await InTestServer.StartAsync(app => app.MapPost("/api/v1/query_range", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            lock (asked)
            {
                asked.Add(form);
            }

            return Results.Text(answer(form), "application/json");
        }));
        var services = AdapterServices.Build(AdapterServices.Settings([("Smo:Prometheus:BaseUrl", server.BaseUrl.ToString()), .. settings]),
            AdapterServices.FastResilience("Smo:Prometheus", 0));
        return (server, services, asked);
    }

    private const string TwoPoints = """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"service":"a"},"values":[[1700000000,"1"],[1700000060.5,"NaN"]]}]}}""";

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[]}}""", "a range query answers a matrix")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{}}]}}""", "data.result[0].values is missing")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1700000000,7]]}]}}""", "sample values as strings")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1700000000]]}]}}""", "data.result[0].values[0] is not a [time, \"value\"] pair")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":1},"values":[]}]}}""", "requested operation requires")]
    public async Task QueryRangeAsync_refuses_malformed_matrices_saying_what_is_wrong(string answer, string reason)
    {
        var (server, services, _) = await ServeAsync(_ => answer);
        await using (server)
        await using (services)
        {
            var failure = await Assert.ThrowsAsync<AdapterException>(() =>
                services.GetRequiredService<IPrometheusQuery>().QueryRangeAsync("up", End.AddMinutes(-1), End, TimeSpan.FromSeconds(60)));

            Assert.True(failure.Failure == AdapterFailure.InvalidResponse, $"{failure.Failure}: {failure.Message}");
            Assert.Contains(reason, failure.Message);
        }
    }

    [Fact]
    public async Task QueryRangeAsync_reads_the_points_and_sends_the_range_in_unix_seconds()
    {
        var (server, services, asked) = await ServeAsync(_ => TwoPoints);
        await using (server)
        await using (services)
        {
            var series = Assert.Single(await services.GetRequiredService<IPrometheusQuery>().QueryRangeAsync("up", End.AddSeconds(-60.25), End, TimeSpan.FromMilliseconds(1500)));

            Assert.Equal("a", series.Labels["service"]);
            Assert.Equal((DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 1.0), (series.Points[0].Timestamp, series.Points[0].Value));
            Assert.True(double.IsNaN(series.Points[1].Value));
            var form = Assert.Single(asked);
            // The last step is the last point of the grid at or before the end, as Prometheus evaluates it.
            Assert.Equal(("1699999999.75", "1700000059.75", "1.5"), (form["start"].ToString(), form["end"].ToString(), form["step"].ToString()));
        }
    }

    [Fact]
    public async Task QueryRangeAsync_refuses_an_answer_with_more_samples_than_allowed()
    {
        var (server, services, _) = await ServeAsync(_ => TwoPoints, ("Smo:Prometheus:MaxRangeSamples", "1"));
        await using (server)
        await using (services)
        {
            var failure = await Assert.ThrowsAsync<AdapterException>(() =>
                services.GetRequiredService<IPrometheusQuery>().QueryRangeAsync("up", End.AddMinutes(-1), End, TimeSpan.FromSeconds(60)));

            Assert.Equal(AdapterFailure.InvalidResponse, failure.Failure);
            Assert.Contains("more than 1 samples (Smo:Prometheus:MaxRangeSamples)", failure.Message);
        }
    }

    [Fact]
    public async Task QueryRangeAsync_refuses_an_answer_longer_than_allowed()
    {
        var padded = TwoPoints.Replace("\"a\"", "\"" + new string('a', 4000) + "\"", StringComparison.Ordinal);
        var (server, services, _) = await ServeAsync(_ => padded, ("Smo:Prometheus:MaxRangeResponseBytes", "2048"));
        await using (server)
        await using (services)
        {
            var failure = await Assert.ThrowsAsync<AdapterException>(() =>
                services.GetRequiredService<IPrometheusQuery>().QueryRangeAsync("up", End.AddMinutes(-1), End, TimeSpan.FromSeconds(60)));

            Assert.Equal(AdapterFailure.InvalidResponse, failure.Failure);
            Assert.Contains("longer than 2048 bytes", failure.Message);
        }
    }

    [Fact]
    public async Task QueryRangeAsync_asks_parts_of_at_most_eleven_thousand_points_that_neither_overlap_nor_leave_gaps()
    {
        var (server, services, asked) = await ServeAsync(_ => """{"status":"success","data":{"resultType":"matrix","result":[]}}""");
        await using (server)
        await using (services)
        {
            var start = End.AddSeconds(-25_000);

            await services.GetRequiredService<IPrometheusQuery>().QueryRangeAsync("up", start, End, TimeSpan.FromSeconds(1));

            var parts = asked.Select(f => (Start: long.Parse(f["start"]!), End: long.Parse(f["end"]!))).ToList();
            Assert.Equal([(start.ToUnixTimeSeconds(), start.ToUnixTimeSeconds() + 10_999), (start.ToUnixTimeSeconds() + 11_000, start.ToUnixTimeSeconds() + 21_999),
                (start.ToUnixTimeSeconds() + 22_000, End.ToUnixTimeSeconds())], parts);
        }
    }
}
