using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Smo.Simulator.Federation;
using Smo.Simulator.Helm;
using Smo.Simulator.Metrics;
using Smo.Simulator.Scenarios;

namespace Smo.Simulator.Hosting;

/// <summary>
/// Pays the JIT cost at start-up instead of on the first helm stand-in call (which must stay well under 300 ms):
/// one request through the HTTP pipeline, and a helm install, a scale and a scrape on a throwaway twin.
/// </summary>
public sealed class WarmUp(Scenario scenario, IServer server, IHostApplicationLifetime lifetime, ILogger<WarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        try
        {
            await Task.Run(() => ExerciseThrowawayTwinAsync(stoppingToken), stoppingToken);
            if (server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address)
            {
                using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) };
                // /sim/state is outside every default fault path, so warming up never uses up a fault's count.
                using var response = await http.GetAsync("/sim/state", stoppingToken);
            }
            logger.LogDebug("Warmed up the HTTP pipeline and the helm, scale and metrics paths");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            logger.LogDebug(e, "Warm-up request failed; the first real request will pay the start-up cost");
        }
    }

    private async Task ExerciseThrowawayTwinAsync(CancellationToken stoppingToken)
    {
        var simulation = new Simulation(scenario, TimeProvider.System);
        var command = new UpgradeCommand("warm-up", "warm-up", "oci://simulator/warm-up", Install: true, InstallOnly: false,
            CreateNamespace: true, Wait: false, ReuseValues: false, TimeSpan.FromSeconds(1),
            $"clustersAffinity: [{scenario.Clusters[0].Name}]\nresources: {{limits: {{cpu: 100m}}}}\n");
        await new ReleaseInstaller(simulation).UpgradeAsync(command, stoppingToken);
        new Kubernetes.ScaleApi(simulation).Patch("warm-up", "warm-up", "application/merge-patch+json", """{"spec":{"replicas":2}}""", null);
        simulation.Read(FederationMetrics.Render);
    }
}
