using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters;
using Smo.Adapters.Helm;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Installs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;
using Smo.Functions.Scaling;
using Smo.Functions.Secrets;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// An activity run whose lease was lost keeps running until it ends; the backend drops its result, and its writes
/// to Smo's tables are guarded, so it cannot overwrite what the retry on another host wrote meanwhile.
/// </summary>
public sealed class StaleActivityRunTests
{
    [Fact]
    public async Task An_install_that_lost_its_lease_and_fails_late_cannot_mark_failed_a_service_the_retry_deployed()
    {
        await using var host = await RunningShopAsync();
        var reader = host.Factory.Services.GetRequiredService<GraphReader>();
        var graphs = host.Factory.Services.GetRequiredService<GraphStore>();
        var service = new ServiceRef("shop-demo", "shop-web");
        var graph = await reader.GetAsync("shop-demo");
        var stuck = new GatedHelm();
        var secrets = host.Factory.Services.GetRequiredService<SecretValues>();
        var divisions = host.Factory.Services.GetRequiredService<DivisionRollout>();
        var staleRun = new ServiceInstaller(stuck, graphs, secrets, divisions).InstallAsync(graph, await reader.GetServiceAsync(service));

        await new ServiceInstaller(new GatedHelm { Open = true }, graphs, secrets, divisions).InstallAsync(graph, await reader.GetServiceAsync(service));
        stuck.Release();
        await Assert.ThrowsAsync<AdapterException>(() => staleRun);

        Assert.Equal(ServiceStatus.Deployed, (await reader.GetServiceAsync(service)).Status);
    }

    [Fact]
    public async Task A_helm_failure_that_quotes_a_secret_value_is_recorded_with_the_secret_masked()
    {
        await using var host = await RunningShopAsync();
        var reader = host.Factory.Services.GetRequiredService<GraphReader>();
        var graphs = host.Factory.Services.GetRequiredService<GraphStore>();
        var service = (await reader.GetServiceAsync(new ServiceRef("shop-demo", "shop-web"))) with
        {
            HelmValues = System.Text.Json.JsonSerializer.SerializeToElement(new { db = new { dbPassword = "s3cr3t-Pa$$" }, replicas = 2 }),
        };
        var graph = await reader.GetAsync("shop-demo");
        var installer = new ServiceInstaller(
            new QuotingHelm(), graphs, host.Factory.Services.GetRequiredService<SecretValues>(), host.Factory.Services.GetRequiredService<DivisionRollout>());

        var failure = await Assert.ThrowsAsync<AdapterException>(() => installer.InstallAsync(graph, service));

        Assert.DoesNotContain("s3cr3t-Pa$$", failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("dbPassword: ***", failure.Message, StringComparison.Ordinal);
        Assert.Contains("replicas: 2", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Refuses every release, quoting its values back as Helm's schema errors do.</summary>
    private sealed class QuotingHelm : IHelmRunner
    {
        public Task<string> UpgradeInstallAsync(HelmRelease release, CancellationToken cancellationToken = default) =>
            throw new AdapterException(ExternalSystem.Helm, "upgrade", AdapterFailure.Rejected,
                $"values don't meet the schema: dbPassword: {release.Values["db"]!["dbPassword"]}, replicas: {release.Values["replicas"]}");

        public Task<bool> UninstallAsync(string release, string @namespace, CancellationToken cancellationToken = default) => Task.FromResult(true);

        public Task RollbackAsync(string release, string @namespace, int revision, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<IReadOnlyList<string>> ExistingAsync(IReadOnlyList<string> releases, string @namespace, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<string>>([]);

        public Task<IReadOnlyList<HelmListedRelease>> ListAsync(IReadOnlyList<string> releases, string @namespace, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<HelmListedRelease>>([]);

        public Task<HelmReleaseStatus?> StatusAsync(string release, string @namespace, CancellationToken cancellationToken = default) =>
            Task.FromResult<HelmReleaseStatus?>(null);
    }

    /// <summary>The control plane with the shop demo deployed and running.</summary>
    private static async Task<ControlPlaneHost> RunningShopAsync()
    {
        var host = await ControlPlaneHost.StartAsync();
        try
        {
            var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
            Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
            await host.UntilGraphAsync("shop-demo", g => g.GetProperty("status").GetString() == "Running", "the graph runs");
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Helm that succeeds at once when open, and otherwise waits for <see cref="Release"/> and then fails.</summary>
    private sealed class GatedHelm : IHelmRunner
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Open { get; init; }

        public void Release() => _gate.TrySetResult();

        public async Task<string> UpgradeInstallAsync(HelmRelease release, CancellationToken cancellationToken = default)
        {
            if (Open)
            {
                return "deployed";
            }

            await _gate.Task;
            throw new AdapterException(ExternalSystem.Helm, "upgrade", AdapterFailure.Timeout, $"helm upgrade {release.Name} timed out");
        }

        public Task<bool> UninstallAsync(string release, string @namespace, CancellationToken cancellationToken = default) => Task.FromResult(true);

        public Task RollbackAsync(string release, string @namespace, int revision, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<IReadOnlyList<string>> ExistingAsync(IReadOnlyList<string> releases, string @namespace, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<string>>([]);

        public Task<IReadOnlyList<HelmListedRelease>> ListAsync(IReadOnlyList<string> releases, string @namespace, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<HelmListedRelease>>([]);

        public Task<HelmReleaseStatus?> StatusAsync(string release, string @namespace, CancellationToken cancellationToken = default) =>
            Task.FromResult<HelmReleaseStatus?>(null);
    }
}
