using System.Net;
using Smo.Functions.Telemetry;
using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Telemetry;

/// <summary>
/// <c>/metrics</c> follows the API's key rules: where keys are enforced a scrape needs the master key, the default key
/// or its own key (<c>Smo:Keys:Functions:Metrics</c>, which opens nothing else); a project key does not open it; a
/// keyless host serves it to loopback as it serves everything.
/// </summary>
public sealed class MetricsEndpointTests
{
    private const string MetricsKey = "metrics-key-for-tests";
    private const string ShopKey = "key-of-shop";

    private static readonly Dictionary<string, string> Keys = new()
    {
        ["Smo__Keys__Master"] = FunctionsHostFactory.MasterKey,
        ["Smo__Keys__Functions__Metrics"] = MetricsKey,
        ["Smo__Keys__Projects__shop"] = ShopKey,
    };

    [Fact]
    public async Task Metrics_refuses_a_scrape_without_a_key_where_keys_are_enforced()
    {
        using var factory = new FunctionsHostFactory(values: Keys);

        var response = await factory.CreateClient().GetAsync(MetricsEndpoint.Path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Metrics_refuses_a_project_key()
    {
        using var factory = new FunctionsHostFactory(values: Keys);

        var response = await factory.CreateClientWithKey(ShopKey).GetAsync(MetricsEndpoint.Path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(MetricsKey)]
    [InlineData(FunctionsHostFactory.MasterKey)]
    public async Task Metrics_answers_the_durable_backlog_in_the_prometheus_text_format_to_its_own_key_and_the_master_key(string key)
    {
        using var factory = new FunctionsHostFactory(values: Keys);
        using var client = factory.CreateClientWithKey(key);

        var (status, mediaType, body) = await UntilBacklogAsync(client);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/plain", mediaType);
        Assert.Contains($"# TYPE {MetricFamilies.DurableBacklog} gauge", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_metrics_key_opens_no_other_route()
    {
        using var factory = new FunctionsHostFactory(values: Keys);

        var response = await factory.CreateClientWithKey(MetricsKey).GetAsync("/runtime/webhooks/durabletask/instances");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_on_a_keyless_host_answers_loopback()
    {
        using var factory = new FunctionsHostFactory(keys: false);

        var (status, _, body) = await UntilBacklogAsync(factory.CreateClient());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(MetricFamilies.DurableBacklog, body, StringComparison.Ordinal);
    }

    /// <summary>The scrape once the backlog's first reading (started with the host, not awaited by it) is in, or the last one after 10 s.</summary>
    private static async Task<(HttpStatusCode Status, string? MediaType, string Body)> UntilBacklogAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var response = await client.GetAsync(MetricsEndpoint.Path);
            var body = await response.Content.ReadAsStringAsync();
            if (body.Contains(MetricFamilies.DurableBacklog, StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
            }

            await Task.Delay(200);
        }
    }
}
