using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Karmada;
using Smo.Adapters.Nfvcl;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Resilience;

/// <summary>Fault injection against in-test servers: retries for transient faults only, breaking, and errors that say what failed.</summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private FakeKubernetes _karmada = null!;

    public async Task InitializeAsync() => _karmada = await FakeKubernetes.StartAsync();

    public async Task DisposeAsync() => await _karmada.DisposeAsync();

    private ServiceProvider Services(int maxRetries, int breakerThroughput = 100) => AdapterServices.Build(
        AdapterServices.Settings(
            ("Smo:Karmada:Host", _karmada.BaseUrl.ToString()),
            ("Smo:Karmada:Resilience:BreakerMinimumThroughput", breakerThroughput.ToString()),
            ("Smo:Karmada:Resilience:BreakDuration", "00:00:30")),
        AdapterServices.FastResilience("Smo:Karmada", maxRetries));

    [Fact]
    public async Task Transient_server_errors_are_retried_until_the_call_succeeds()
    {
        _karmada.Clusters.Add(FakeKubernetes.Cluster("member1", "4", "8Gi"));
        _karmada.Faults.Enqueue(503);
        _karmada.Faults.Enqueue(500);
        await using var services = Services(maxRetries: 3);

        var clusters = await services.GetRequiredService<IClusterInventory>().ListAsync();

        Assert.Single(clusters);
        Assert.Equal(3, _karmada.Requests.Count);
    }

    [Fact]
    public async Task Persistent_transient_errors_end_in_an_unavailable_error_naming_system_operation_and_status()
    {
        for (var i = 0; i < 10; i++)
        {
            _karmada.Faults.Enqueue(503);
        }

        await using var services = Services(maxRetries: 2);

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IClusterInventory>().ListAsync());

        Assert.Equal(3, _karmada.Requests.Count);
        Assert.True(failure.IsTransient);
        Assert.Equal(AdapterFailure.Unavailable, failure.Failure);
        Assert.StartsWith("Karmada: list member clusters failed: HTTP 503", failure.Message);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        _karmada.Faults.Enqueue(403);
        await using var services = Services(maxRetries: 3);

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IClusterInventory>().ListAsync());

        Assert.Single(_karmada.Requests);
        Assert.Equal(AdapterFailure.Rejected, failure.Failure);
        Assert.Contains("HTTP 403", failure.Message);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_then_calls_fail_fast_without_reaching_the_server()
    {
        for (var i = 0; i < 50; i++)
        {
            _karmada.Faults.Enqueue(503);
        }

        await using var services = Services(maxRetries: 0, breakerThroughput: 3);
        var inventory = services.GetRequiredService<IClusterInventory>();
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<AdapterException>(() => inventory.ListAsync());
        }

        var requestsBefore = _karmada.Requests.Count;

        var failure = await Assert.ThrowsAsync<AdapterException>(() => inventory.ListAsync());

        Assert.Equal(requestsBefore, _karmada.Requests.Count);
        Assert.Equal(AdapterFailure.Unavailable, failure.Failure);
        Assert.Contains("circuit is open", failure.Message);
        Assert.StartsWith("Karmada: list member clusters failed", failure.Message);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_ends_in_a_timeout_error()
    {
        await using var slow = await InTestServer.StartAsync(app => app.MapGet("/apis/cluster.karmada.io/v1alpha1/clusters", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return "{}";
        }));
        await using var services = AdapterServices.Build(
            AdapterServices.Settings(("Smo:Karmada:Host", slow.BaseUrl.ToString()), ("Smo:Karmada:Resilience:AttemptTimeout", "00:00:00.300"),
                ("Smo:Karmada:Resilience:TotalTimeout", "00:00:01"), ("Smo:Karmada:Resilience:MaxRetries", "1"),
                ("Smo:Karmada:Resilience:RetryBaseDelay", "00:00:00.010")));

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IClusterInventory>().ListAsync());

        Assert.Equal(AdapterFailure.Timeout, failure.Failure);
        Assert.Contains("no answer within", failure.Message);
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
