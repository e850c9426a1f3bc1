using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;
using Smo.Store.Versions;

namespace Smo.Functions.Tests.Graphs;

/// <summary>No stranded graph: one whose orchestration failed, was terminated or purged is restarted and stays under control.</summary>
public sealed class GraphSupervisorTests
{
    private const string Graph = "shop-demo";

    [Fact]
    public async Task A_terminated_graph_orchestration_is_restarted_recorded_and_then_stops_and_starts_on_command()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await DeployAsync(host);
        var durable = host.Factory.Services.GetRequiredService<DurableTaskClient>();
        await durable.TerminateInstanceAsync(GraphLifecycle.InstanceIdFor(Graph), "operator mistake");
        await WaitForStatusAsync(durable, OrchestrationRuntimeStatus.Terminated);
        var refused = await host.Client.PostAsync($"/graphs/{Graph}/stop", null);

        var restarted = await Supervisor(host).SuperviseAsync(host.Factory.Services.GetRequiredService<DurableTaskClient>(), CancellationToken.None);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal([Graph], restarted);
        var graph = await host.UntilGraphAsync(Graph, g => Events(g).Any(e => e.Kind == "orchestration-restarted"), "the restart is recorded");
        Assert.Contains("terminated", Events(graph).First(e => e.Kind == "orchestration-restarted").Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync($"/graphs/{Graph}/stop", null)).StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Stopped", "the restarted graph stops");
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync($"/graphs/{Graph}/start", null)).StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "and starts again");
    }

    [Fact]
    public async Task A_purged_graph_orchestration_is_restarted_ticking_and_the_graph_can_be_removed()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await DeployAsync(host);
        var durable = host.Factory.Services.GetRequiredService<DurableTaskClient>();
        await durable.TerminateInstanceAsync(GraphLifecycle.InstanceIdFor(Graph), "to be purged");
        await WaitForStatusAsync(durable, OrchestrationRuntimeStatus.Terminated);
        await durable.PurgeInstanceAsync(GraphLifecycle.InstanceIdFor(Graph));
        var ticksBefore = Ticks(await host.GraphAsync(Graph));

        await Supervisor(host).SuperviseAsync(host.Factory.Services.GetRequiredService<DurableTaskClient>(), CancellationToken.None);

        await host.UntilGraphAsync(Graph, g => Ticks(g) > ticksBefore, "the restarted orchestration ticks", seconds: 30);
        Assert.Contains(Events(await host.GraphAsync(Graph)), e => e.Kind == "orchestration-restarted" && e.Message.Contains("no longer exists", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.DeleteAsync($"/graphs/{Graph}")).StatusCode);
        await UntilGoneAsync(host);
        Assert.Empty(await host.DeploymentsAsync("shop"));
    }

    [Fact]
    public async Task A_version_left_pending_by_a_lost_orchestration_is_applied_by_the_restarted_one()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await DeployAsync(host);
        var durable = host.Factory.Services.GetRequiredService<DurableTaskClient>();
        await durable.TerminateInstanceAsync(GraphLifecycle.InstanceIdFor(Graph), "lost with the update's command");
        await WaitForStatusAsync(durable, OrchestrationRuntimeStatus.Terminated);
        // What an update stores before its command reaches the orchestration: a pending version (here, the same descriptor).
        var versions = host.Factory.Services.GetRequiredService<GraphVersions>();
        var deployed = (await versions.GetAsync(Graph, 1))!;
        var stored = (await host.Factory.Services.GetRequiredService<GraphStore>().GetAsync(Graph))!;
        var pending = await versions.AddPendingAsync(new NewGraphVersion(Graph, deployed.Descriptor!.Value, deployed.DescriptorVersion, VersionOrigin.Update, "no changes", null), stored.Version, keep: 20);

        await Supervisor(host).SuperviseAsync(durable, CancellationToken.None);

        Assert.Equal(2, pending);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await versions.GetAsync(Graph, 2))!.State == VersionState.Pending)
        {
            Assert.True(DateTime.UtcNow < deadline, "The pending version was never settled after the restart.");
            await Task.Delay(100);
        }

        Assert.Equal(VersionState.Applied, (await versions.GetAsync(Graph, 2))!.State);
        Assert.Contains(Events(await host.GraphAsync(Graph)), e => e.Kind == "orchestration-restarted" && e.Message.Contains("Version 2, still pending", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_graph_with_a_living_orchestration_is_left_alone()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        await DeployAsync(host);

        var restarted = await Supervisor(host).SuperviseAsync(host.Factory.Services.GetRequiredService<DurableTaskClient>(), CancellationToken.None);

        Assert.Empty(restarted);
        Assert.DoesNotContain(Events(await host.GraphAsync(Graph)), e => e.Kind == "orchestration-restarted");
    }

    private static async Task DeployAsync(ControlPlaneHost host)
    {
        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
    }

    private static async Task WaitForStatusAsync(DurableTaskClient durable, OrchestrationRuntimeStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await durable.GetInstanceAsync(GraphLifecycle.InstanceIdFor(Graph)))?.RuntimeStatus != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The orchestration did not become {status}.");
            await Task.Delay(50);
        }
    }

    private static async Task UntilGoneAsync(ControlPlaneHost host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await host.Client.GetAsync($"/graphs/{Graph}")).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, "The graph was not removed.");
            await Task.Delay(100);
        }
    }

    private static long Ticks(JsonElement graph) =>
        graph.TryGetProperty("orchestration", out var o) && o.ValueKind == JsonValueKind.Object && o.TryGetProperty("customStatus", out var s) && s.ValueKind == JsonValueKind.Object
            && s.TryGetProperty("ticks", out var t) ? t.GetInt64() : 0;

    private static IEnumerable<(string Kind, string Message)> Events(JsonElement graph) =>
        graph.GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("kind").GetString()!, e.GetProperty("message").GetString()!));

    private static GraphSupervisor Supervisor(ControlPlaneHost host) =>
        ActivatorUtilities.CreateInstance<GraphSupervisor>(host.Factory.Services);
}
