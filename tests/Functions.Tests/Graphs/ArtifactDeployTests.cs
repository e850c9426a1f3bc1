using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Smo.Adapters.Tests.Infrastructure;
using Smo.Adapters.Tests.Oci;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// Deploying by reference, as hdarctl users do: the descriptor is pushed to the real OCI registry as an HDAG artifact,
/// the deploy body only names it, and the host pulls it (caching it in Azurite) and deploys it like an inline one.
/// </summary>
public sealed class ArtifactDeployTests
{
    private static Dictionary<string, string> WithRegistry() => new()
    {
        ["Smo__Oci__PlainHttp"] = "true",
        ["Smo__Oci__Registry"] = LocalServices.Registry.Authority,
        ["Smo__BlobStorage__ConnectionString"] = LocalServices.BlobConnectionString,
        ["Smo__BlobStorage__ArtifactContainer"] = "functions-tests",
    };

    [Fact]
    public async Task A_graph_named_by_its_artifact_is_pulled_from_the_registry_and_deployed()
    {
        var repository = $"functions/shop-{Guid.NewGuid():N}"[..30];
        var layer = OciArtifactBuilder.TarGz(("shop-demo/README.md", "# the shop"), ("shop-demo/hdag.yaml", ControlPlaneHost.ShopDemo));
        await OciArtifactBuilder.PushAsync(LocalServices.Registry, repository, "1.0.0", layer);
        await using var host = await ControlPlaneHost.StartAsync(settings: WithRegistry());

        var deploy = await host.Client.PostAsync("/project/shop/graphs",
            JsonContent.Create(new { artifact = $"{LocalServices.Registry.Authority}/{repository}:1.0.0" }));

        Assert.Equal(HttpStatusCode.Accepted, deploy.StatusCode);
        var running = await host.UntilGraphAsync("shop-demo", g => g.GetProperty("status").GetString() == "Running", "the pulled graph runs");
        Assert.Equal(["shop-catalogue", "shop-web"], (await host.DeploymentsAsync("shop")).Keys.Order());
        Assert.Equal("Web front end, catalogue, and an on-demand image checker.", running.GetProperty("hdaGraph").GetProperty("description").GetString());
    }

    [Fact]
    public async Task An_artifact_that_is_not_there_is_refused_with_the_registrys_reason_and_nothing_is_stored()
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: WithRegistry());

        var missing = await host.Client.PostAsync("/project/shop/graphs",
            new StringContent($"{{\"artifact\": \"{LocalServices.Registry.Authority}/functions/no-such-graph:9.9.9\"}}", Encoding.UTF8, "application/json"));

        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True((int)missing.StatusCode is >= 400 and < 500, $"a client error, got {(int)missing.StatusCode}: {problem}");
        Assert.Equal("body.artifact", problem.GetProperty("where").GetString());
        Assert.Contains("MANIFEST_UNKNOWN", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal("[]", await host.Client.GetStringAsync("/project/shop/graphs"));
    }

    [Theory]
    [InlineData("registry.example/graphs/shop:1.0.0", "registry 'registry.example' is not on the allow-list")]
    [InlineData("169.254.169.254/latest/meta-data:1.0.0", "registry '169.254.169.254' is not on the allow-list")]
    [InlineData("localhost:5000/Graphs/Shop", "repository 'Graphs/Shop' is not valid")]
    public async Task An_artifact_on_a_registry_off_the_allow_list_or_malformed_is_refused_with_where(string reference, string reason)
    {
        await using var host = await ControlPlaneHost.StartAsync(settings: WithRegistry());

        var refused = await host.Client.PostAsync("/project/shop/graphs", JsonContent.Create(new { artifact = reference }));

        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("body.artifact", problem.GetProperty("where").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("[]", await host.Client.GetStringAsync("/project/shop/graphs"));
    }

    [Fact]
    public async Task Without_a_registry_configured_an_artifact_deploy_is_refused_and_says_what_to_configure()
    {
        await using var host = await ControlPlaneHost.StartAsync();

        var refused = await host.Client.PostAsync("/project/shop/graphs", JsonContent.Create(new { artifact = "registry.example/graphs/shop:1.0.0" }));

        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Smo:Oci", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("[]", await host.Client.GetStringAsync("/project/shop/graphs"));
    }
}
