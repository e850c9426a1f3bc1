using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Smo.Store.Decisions;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// What operators tune in settings instead of code: the meaning of the size intents (<c>Smo:Intents:Sizes</c>) and
/// the objective weights of terms a graph does not set (<c>Smo:Graphs:Weights</c>).
/// </summary>
public sealed class TuningSettingsTests
{
    private const string Graph = "shop-demo";

    [Fact]
    public async Task A_size_intent_means_what_the_settings_say_and_a_size_the_settings_add_can_be_asked_for()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["Smo__Intents__Sizes__medium__Cpu"] = "3",
            ["Smo__Intents__Sizes__huge__Cpu"] = "6",
        });
        var descriptor = ControlPlaneHost.ShopDemo
            .Replace("compute: { cpu: light, ram: light", "compute: { cpu: medium, ram: light", StringComparison.Ordinal)
            .Replace("compute: { cpu: small, ram: small", "compute: { cpu: huge, ram: small", StringComparison.Ordinal);

        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        var graph = await host.GraphAsync(Graph);
        Assert.Equal(3, Service(graph, "shop-web").GetProperty("cpuCores").GetDouble());
        Assert.Equal(6, Service(graph, "shop-catalogue").GetProperty("cpuCores").GetDouble());
        // What the settings leave alone keeps the original's meaning: ram medium is 2 GiB, cpu small 1 core.
        Assert.Equal(2, Service(graph, "image-check").GetProperty("memoryGiB").GetDouble());
        Assert.Equal(1, Service(graph, "image-check").GetProperty("cpuCores").GetDouble());
    }

    [Fact]
    public async Task Default_weights_from_the_settings_weigh_the_placement_of_a_graph_that_sets_none()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string> { ["Smo__Graphs__Weights__Communication"] = "7" });

        await host.Client.PostAsync("/project/shop/graphs", new StringContent(ControlPlaneHost.ShopDemo, Encoding.UTF8, "application/yaml"));
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");

        var decisions = await host.Factory.Services.GetRequiredService<DecisionLog>().LatestAsync(Graph, 10);
        var weights = decisions.Single(d => d.Kind == DecisionKind.Placement).Inputs.GetProperty("weights");
        Assert.Equal(7, weights.GetProperty("communication").GetDouble());
        Assert.Equal(1, weights.GetProperty("deployment").GetDouble());
    }

    private static JsonElement Service(JsonElement graph, string name) =>
        graph.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
}
