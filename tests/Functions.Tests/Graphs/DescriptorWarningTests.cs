using System.Net;
using System.Text;
using System.Text.Json;
using Smo.Functions.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>A descriptor the peers accept deploys with its warnings in the answer and in the graph's events.</summary>
public sealed class DescriptorWarningTests
{
    private const string Graph = "shop-demo";

    [Fact]
    public async Task A_connection_point_outside_the_graph_deploys_with_a_warning_in_the_answer_and_the_events()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        // A typo of a service id, as in NEPHELE's uc1 descriptors.
        var descriptor = ControlPlaneHost.ShopDemo.Replace("connectionPoints: [shop-web]", "connectionPoints: [shop-web, shop_web]", StringComparison.Ordinal);
        Assert.NotEqual(ControlPlaneHost.ShopDemo, descriptor);

        var deploy = await host.Client.PostAsync("/project/shop/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        var warnings = JsonDocument.Parse(await deploy.Content.ReadAsStringAsync()).RootElement.GetProperty("warnings").EnumerateArray()
            .Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.Contains("'shop_web', which is not a service of this graph", StringComparison.Ordinal));
        var running = await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        var recorded = running.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == GraphDeployment.DescriptorWarningsEvent)
            .Select(e => e.GetProperty("message").GetString()!).ToList();
        Assert.Contains(warnings.Single(w => w.Contains("shop_web", StringComparison.Ordinal)), Assert.Single(recorded), StringComparison.Ordinal);
    }
}
