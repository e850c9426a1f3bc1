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
        await using var host = await ControlPlaneHost.StartAsync();
        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync("shop-demo", g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var reader = host.Factory.Services.GetRequiredService<GraphReader>();
        var graphs = host.Factory.Services.GetRequiredService<GraphStore>();
        var service = new ServiceRef("shop-demo", "shop-web");
        var graph = await reader.GetAsync("shop-demo");
        var stuck = new GatedHelm();
        var staleRun = new ServiceInstaller(stuck, graphs).InstallAsync(graph, await reader.GetServiceAsync(service));

        await new ServiceInstaller(new GatedHelm { Open = true }, graphs).InstallAsync(graph, await reader.GetServiceAsync(service));
        stuck.Release();
        await Assert.ThrowsAsync<AdapterException>(() => staleRun);

        Assert.Equal(ServiceStatus.Deployed, (await reader.GetServiceAsync(service)).Status);
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
    }
}
