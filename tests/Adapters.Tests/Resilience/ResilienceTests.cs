using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Karmada;
using Smo.Adapters.Nfvcl;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Resilience;

/// <summary>
/// Fault injection through the simulator's /sim/faults (errors, latency, hangs): retries for transient faults only,
/// breaking, and errors that say what failed.
/// </summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private const string ClusterList = "/apis/cluster.karmada.io";

    private SimulatedKarmada _karmada = null!;

    public async Task InitializeAsync() => _karmada = await SimulatedKarmada.StartAsync(new FederationScenario()
        .Cluster("member1")
        .Deployment("web", 1, "member1", ("app", "500m", "256Mi")));

    public async Task DisposeAsync() => await _karmada.DisposeAsync();

    private ServiceProvider Services(int maxRetries, int breakerThroughput = 100, string attemptTimeout = "00:00:02")
    {
        var resilience = AdapterServices.FastResilience("Smo:Karmada", maxRetries);
        resilience["Smo:Karmada:Resilience:AttemptTimeout"] = attemptTimeout;
        return AdapterServices.Build(resilience, AdapterServices.Settings(
            ("Smo:Karmada:Host", _karmada.BaseUrl.ToString()),
            ("Smo:Karmada:Resilience:BreakerMinimumThroughput", breakerThroughput.ToString()),
            ("Smo:Karmada:Resilience:BreakDuration", "00:00:30")));
    }

    /// <summary>Fails <paramref name="failures"/> listings (enough to open the circuit), then returns the error of one more.</summary>
    private static async Task<AdapterException> ListAfterTheCircuitOpensAsync(ServiceProvider services, int failures)
    {
        var inventory = services.GetRequiredService<IClusterInventory>();
        for (var i = 0; i < failures; i++)
        {
            await Assert.ThrowsAsync<AdapterException>(() => inventory.ListAsync());
        }

        return await Assert.ThrowsAsync<AdapterException>(() => inventory.ListAsync());
    }

    [Fact]
    public async Task Transient_server_errors_are_retried_until_the_call_succeeds()
    {
        var requests = await _karmada.CountRequestsAsync(ClusterList);
        await _karmada.FailClusterListAsync(503, count: 1);
        await _karmada.FailClusterListAsync(500, count: 1);
        await using var services = Services(maxRetries: 3);

        var clusters = await services.GetRequiredService<IClusterInventory>().ListAsync();

        Assert.Single(clusters);
        Assert.Equal(3, await _karmada.HitsAsync(requests));
    }

    [Fact]
    public async Task Persistent_transient_errors_end_in_an_unavailable_error_naming_system_operation_and_status()
    {
        var requests = await _karmada.CountRequestsAsync(ClusterList);
        await _karmada.FailClusterListAsync(503);
        await using var services = Services(maxRetries: 2);

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IClusterInventory>().ListAsync());

        Assert.Equal(3, await _karmada.HitsAsync(requests));
        Assert.True(failure.IsTransient);
        Assert.Equal(AdapterFailure.Unavailable, failure.Failure);
        Assert.StartsWith("Karmada: list member clusters failed: HTTP 503", failure.Message);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        var requests = await _karmada.CountRequestsAsync(ClusterList);
        await _karmada.FailClusterListAsync(403, count: 1);
        await using var services = Services(maxRetries: 3);

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IClusterInventory>().ListAsync());

        Assert.Equal(1, await _karmada.HitsAsync(requests));
        Assert.Equal(AdapterFailure.Rejected, failure.Failure);
        Assert.Contains("HTTP 403", failure.Message);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_then_calls_fail_fast_without_reaching_the_server()
    {
        var requests = await _karmada.CountRequestsAsync(ClusterList);
        await _karmada.FailClusterListAsync(503);
        await using var services = Services(maxRetries: 0, breakerThroughput: 3);

        var failure = await ListAfterTheCircuitOpensAsync(services, failures: 3);

        Assert.Equal(3, await _karmada.HitsAsync(requests));
        Assert.Equal(AdapterFailure.Unavailable, failure.Failure);
        Assert.Contains("circuit is open", failure.Message);
        Assert.StartsWith("Karmada: list member clusters failed", failure.Message);
    }

    [Fact]
    public async Task An_open_circuit_error_quotes_the_status_that_opened_it()
    {
        await _karmada.FailClusterListAsync(503);
        await using var services = Services(maxRetries: 0, breakerThroughput: 2);

        var failure = await ListAfterTheCircuitOpensAsync(services, failures: 2);

        Assert.Contains("circuit is open", failure.Message);
        Assert.EndsWith("; last failure: HTTP 503 ServiceUnavailable", failure.Message);
    }

    [Fact]
    public async Task An_open_circuit_error_quotes_the_timeout_that_opened_it()
    {
        await _karmada.InjectAsync(new JsonObject { ["type"] = "hang", ["paths"] = new JsonArray(ClusterList) });
        await using var services = Services(maxRetries: 0, breakerThroughput: 2, attemptTimeout: "00:00:00.200");

        var failure = await ListAfterTheCircuitOpensAsync(services, failures: 2);

        Assert.Contains("circuit is open", failure.Message);
        Assert.EndsWith("; last failure: no answer within 0.2 s", failure.Message);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_ends_in_a_timeout_error()
    {
        await _karmada.InjectAsync(new JsonObject { ["type"] = "hang", ["paths"] = new JsonArray(ClusterList) });
        await using var services = AdapterServices.Build(
            AdapterServices.Settings(("Smo:Karmada:Host", _karmada.BaseUrl.ToString()), ("Smo:Karmada:Resilience:AttemptTimeout", "00:00:00.300"),
                ("Smo:Karmada:Resilience:TotalTimeout", "00:00:01"), ("Smo:Karmada:Resilience:MaxRetries", "1"),
                ("Smo:Karmada:Resilience:RetryBaseDelay", "00:00:00.010")));

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IClusterInventory>().ListAsync());

        Assert.Equal(AdapterFailure.Timeout, failure.Failure);
        Assert.Contains("no answer within", failure.Message);
    }

    [Fact]
    public async Task An_answer_slower_than_the_attempt_timeout_is_retried()
    {
        var requests = await _karmada.CountRequestsAsync(ClusterList);
        await _karmada.InjectAsync(new JsonObject { ["type"] = "latency", ["delay"] = "5s", ["count"] = 1, ["paths"] = new JsonArray(ClusterList) });
        // One second per attempt: far below the injected 5 s, far above a quick answer on a busy machine.
        await using var services = Services(maxRetries: 1, attemptTimeout: "00:00:01");

        var clusters = await services.GetRequiredService<IClusterInventory>().ListAsync();

        Assert.Single(clusters);
        Assert.Equal(2, await _karmada.HitsAsync(requests));
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_as_unavailable_with_the_address()
    {
        await using var services = AdapterServices.Build(
            AdapterServices.Settings(("Smo:Karmada:Host", "http://127.0.0.1:9/")), AdapterServices.FastResilience("Smo:Karmada", 1));

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IClusterInventory>().ListAsync());

        Assert.Equal(AdapterFailure.Unavailable, failure.Failure);
        Assert.Contains("127.0.0.1:9", failure.Message);
    }

    [Fact]
    public async Task A_scale_patch_is_not_retried_after_the_server_saw_it()
    {
        var patches = await _karmada.CountRequestsAsync("/apis/apps", "PATCH");
        await _karmada.InjectAsync(new JsonObject { ["type"] = "apiError", ["status"] = 503, ["methods"] = new JsonArray("PATCH") });
        await using var services = Services(maxRetries: 3);

        var failure = await Assert.ThrowsAsync<AdapterException>(() =>
            services.GetRequiredService<IKarmadaDeployments>().ScaleAsync(FederationScenario.Namespace, "web", 2));

        Assert.Equal(1, await _karmada.HitsAsync(patches));
        Assert.Contains("HTTP 503", failure.Message);
    }

    [Fact]
    public async Task A_non_idempotent_post_is_not_retried_after_the_server_saw_it()
    {
        var posts = 0;
        await using var nfvcl = await InTestServer.StartAsync(app => app.MapPost("/nfvcl/v2/api/blue/k8s", () =>
        {
            Interlocked.Increment(ref posts);
            return Results.StatusCode((int)HttpStatusCode.ServiceUnavailable);
        }));
        await using var services = AdapterServices.Build(
            AdapterServices.Settings(("Smo:Nfvcl:BaseUrl", nfvcl.BaseUrl.ToString())), AdapterServices.FastResilience("Smo:Nfvcl", 3));

        var failure = await Assert.ThrowsAsync<AdapterException>(() =>
            services.GetRequiredService<INfvclClient>().CreateK8sClusterAsync(new NfvclK8sPlacement(1, "mgmt", "svc")));

        Assert.Equal(1, posts);
        Assert.Equal(ExternalSystem.Nfvcl, failure.System);
        Assert.Contains("HTTP 503", failure.Message);
    }
}
