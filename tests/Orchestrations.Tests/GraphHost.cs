using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Smo.Orchestrations.Graphs;

namespace Smo.Orchestrations.Tests;

/// <summary>
/// The graph orchestration over a <see cref="FakeFederation"/>, run by the SDK's worker and client on Microsoft's
/// in-memory reference backend; the backend is chosen here only, so the tests do not change with it.
/// </summary>
public sealed class GraphHost : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly DurableTaskTestHost _host;

    static GraphHost()
    {
        // The test host builds two default hosts per test; watching their config files would spend the machine's
        // inotify instances, which test runs share.
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }

    private GraphHost(DurableTaskTestHost host, FakeFederation federation)
    {
        _host = host;
        Federation = federation;
    }

    public DurableTaskClient Client => _host.Client;

    public FakeFederation Federation { get; }

    public static async Task<GraphHost> StartAsync(FakeFederation federation)
    {
        var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<GraphOrchestrator>();
            federation.Register(registry);
        }, new DurableTaskTestHostOptions { Port = FreePort() });
        return new GraphHost(host, federation);
    }

    /// <summary>Starts the orchestration of graph "g", as the deploy API does.</summary>
    public Task<string> DeployAsync(string graph = "g") =>
        Client.ScheduleNewOrchestrationInstanceAsync(GraphOrchestrator.Name,
            new GraphLifecycle(graph, GraphPhase.Deploying, Interval),
            new StartOrchestrationOptions(GraphLifecycle.InstanceIdFor(graph)));

    public Task SendAsync(GraphCommand command, string graph = "g") =>
        Client.RaiseEventAsync(GraphLifecycle.InstanceIdFor(graph), GraphCommand.EventName, command);

    /// <summary>Waits until <paramref name="condition"/> holds on the fake, failing with <paramref name="what"/> after a while.</summary>
    public async Task UntilAsync(Func<FakeFederation, bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition(Federation))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}. Calls: {string.Join(", ", Federation.Calls.Select(c => c.Activity))}");
            }

            await Task.Delay(20);
        }
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    /// <summary>A port the OS says is free: the test host's own random pick can be the local port of an open connection.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
