using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Control;

public sealed class ControlApiTests() : SimulatorTest(podStartDelay: "0s")
{
    [Fact]
    public async Task State_reports_clusters_deployments_and_services()
    {
        await Client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").On("big").Replicas(2).Json());
        await Client.AdvanceAsync(2);

        var state = await Client.Http.GetFromJsonAsync<JsonElement>("/sim/state");

        Assert.Equal(2, state.GetProperty("elapsedSeconds").GetDouble());
        Assert.True(state.GetProperty("manualClock").GetBoolean());
        Assert.Equal(0, state.GetProperty("podStartDelaySeconds").GetDouble());
        var deployment = state.GetProperty("deployments")[0];
        Assert.Equal("big", deployment.GetProperty("cluster").GetString());
        Assert.Equal(2, deployment.GetProperty("readyReplicas").GetInt32());
        Assert.Equal(0.5, deployment.GetProperty("cpuLimitPerPod").GetDouble());
        var web = state.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == "web");
        Assert.Equal(25, web.GetProperty("served").GetDouble(), precision: 9);
        Assert.Equal(60, web.GetProperty("offeredRequests").GetDouble(), precision: 6);
        Assert.Equal(1.0, state.GetProperty("clusters")[0].GetProperty("allocatedCpuCores").GetDouble());
    }

    [Fact]
    public async Task Load_set_through_the_api_overrides_the_workload_until_cleared()
    {
        using var set = await Client.Http.PutAsJsonAsync("/sim/load/web", new { rate = 42.5 });
        await Client.AdvanceAsync(1);
        var overridden = await ServiceAsync("web");
        using var cleared = await Client.Http.DeleteAsync("/sim/load/web");
        await Client.AdvanceAsync(1);
        var restored = await ServiceAsync("web");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(42.5, overridden.GetProperty("offered").GetDouble());
        Assert.Equal(30, restored.GetProperty("offered").GetDouble());
    }

    [Fact]
    public async Task Load_set_for_a_service_whose_deployment_is_gone_is_still_offered()
    {
        await Client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("api").On("big").Replicas(1).Json());
        await Client.AdvanceAsync(1);
        using (await Client.Http.DeleteAsync("/apis/apps/v1/namespaces/demo/deployments/api"))
        {
        }

        await Client.AdvanceAsync(1);
        using var set = await Client.Http.PutAsJsonAsync("/sim/load/api", new { rate = 7 });
        await Client.AdvanceAsync(1);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(7, (await ServiceAsync("api")).GetProperty("offered").GetDouble());
    }

    [Theory]
    [InlineData("""{"rate":-1}""")]
    [InlineData("""{}""")]
    public async Task Bad_load_is_400_problem(string body)
    {
        using var response = await Client.Http.PutAsync("/sim/load/web", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Reset_clears_objects_and_time()
    {
        await Client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").On("big").Json());
        await Client.AdvanceAsync(5);

        using var reset = await Client.Http.PostAsync("/sim/reset", null);
        var (status, _) = await Client.GetAsync("/apis/apps/v1/namespaces/demo/deployments/web");
        var state = await Client.Http.GetFromJsonAsync<JsonElement>("/sim/state");

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(404, status);
        Assert.Equal(0, state.GetProperty("elapsedSeconds").GetDouble());
    }

    [Fact]
    public async Task Helm_releases_are_listed_like_helm_list()
    {
        using var helm = new Helm.HelmStandIn(Host);
        await helm.InstallAsync("web", "clustersAffinity: [small]\n");

        var releases = await Client.Http.GetFromJsonAsync<JsonElement>("/sim/helm/releases");

        var release = Assert.Single(releases.EnumerateArray());
        Assert.Equal("web", release.GetProperty("name").GetString());
        Assert.Equal("1", release.GetProperty("revision").GetString());
        Assert.Equal("deployed", release.GetProperty("status").GetString());
        Assert.Equal("small", release.GetProperty("cluster").GetString());
    }

    private async Task<JsonElement> ServiceAsync(string service)
    {
        var state = await Client.Http.GetFromJsonAsync<JsonElement>("/sim/state");
        return state.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == service);
    }
}
