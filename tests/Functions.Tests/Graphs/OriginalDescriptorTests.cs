using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Smo.Functions.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// Descriptors written for the original SMO, sent as its clients send them (a JSON string holding the descriptor):
/// refused with where and why, saying what the original did, or, from IM 0.3.0, converted and deployed with the
/// conversions in the answer and the graph's events.
/// </summary>
public sealed class OriginalDescriptorTests
{
    private const string Graph = "shop-demo";

    [Fact]
    public async Task A_size_the_original_had_no_entry_for_is_refused_with_where_and_why_saying_what_it_did()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        var descriptor = ControlPlaneHost.ShopDemo.Replace("ram: light, storage: small", "ram: light, storage: light", StringComparison.Ordinal);
        Assert.NotEqual(ControlPlaneHost.ShopDemo, descriptor);

        var deploy = await host.Client.PostAsync("/project/shop/graphs", DoubleEncoded(descriptor));

        Assert.Equal(HttpStatusCode.BadRequest, deploy.StatusCode);
        Assert.Equal("application/problem+json", deploy.Content.Headers.ContentType!.MediaType);
        var problem = await deploy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("hdaGraph.services[0].deployment.intent.compute.storage", problem.GetProperty("where").GetString());
        Assert.EndsWith("the original SMO failed with KeyError: 'light' (its storage table has small, medium, large)", problem.GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("the original SMO failed with KeyError: 'light'", problem.GetProperty("errors")[0].GetProperty("original").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/graphs/{Graph}")).StatusCode);
    }

    [Fact]
    public async Task An_im_0_3_0_descriptor_deploys_converted_with_its_conversions_in_the_answer_and_the_events()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        var descriptor = ControlPlaneHost.ShopDemo
            .Replace("imVersion: 0.4.0", "imVersion: 0.3.0", StringComparison.Ordinal)
            .Replace("compute: { cpu: light, ram: light, storage: small, gpu: { enabled: false } }", "resources: small", StringComparison.Ordinal);
        Assert.Contains("resources: small", descriptor, StringComparison.Ordinal);

        var deploy = await host.Client.PostAsync("/project/shop/graphs", DoubleEncoded(descriptor));

        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        var warning = Assert.Single((await deploy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("IM 0.3.0", StringComparison.Ordinal))
            .GetString()!;
        Assert.Contains("hdaGraph.services[0].deployment.intent.resources 'small' → compute: {cpu: small, ram: small, storage: small}", warning, StringComparison.Ordinal);
        var graph = await host.GraphAsync(Graph);
        var recorded = graph.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == GraphDeployment.DescriptorWarningsEvent)
            .Select(e => e.GetProperty("message").GetString()!);
        Assert.Contains(warning, Assert.Single(recorded), StringComparison.Ordinal);
    }

    /// <summary>A JSON string holding the descriptor's text, as the original's clients post it (<c>json=json.dumps(...)</c>).</summary>
    private static StringContent DoubleEncoded(string descriptor) => new(JsonSerializer.Serialize(descriptor), Encoding.UTF8, "application/json");
}
