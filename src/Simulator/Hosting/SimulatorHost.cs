using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Smo.Simulator.Federation;
using Smo.Simulator.Scenarios;

namespace Smo.Simulator.Hosting;

/// <summary>
/// The simulator started in-process on a real socket, for tests that drive it with real clients
/// (KubernetesClient, curl, the helm stand-in, Prometheus). Dispose to stop it.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>http://127.0.0.1:PORT/ — the Kubernetes API, /metrics and /sim all live here.</summary>
    public Uri BaseAddress { get; }

    public Simulation Simulation => _app.Services.GetRequiredService<Simulation>();

    /// <summary>The helm stand-in script shipped next to the simulator's assembly.</summary>
    public static string HelmStandInPath { get; } = Path.Combine(AppContext.BaseDirectory, "helm-standin", "helm");

    /// <param name="scenario">Null = the built-in default scenario.</param>
    /// <param name="url">Where to listen; port 0 picks a free port.</param>
    public static async Task<SimulatorHost> StartAsync(Scenario? scenario = null, string url = "http://127.0.0.1:0",
        CancellationToken cancellationToken = default)
    {
        var app = SimulatorApplication.Build(scenario ?? Scenario.Default, [], builder =>
        {
            builder.WebHost.UseUrls(url);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Writes a kubeconfig whose server is this simulator (for the helm stand-in and kubectl) and returns its path.</summary>
    public string WriteKubeconfig(string path)
    {
        File.WriteAllText(path, Kubeconfig.For(BaseAddress));
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
