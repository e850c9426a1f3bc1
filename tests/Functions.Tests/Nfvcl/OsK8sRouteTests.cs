using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;

namespace Smo.Functions.Tests.Nfvcl;

public sealed class OsK8sRouteTests : NfvclRouteTest
{
    private static string Blueprint(string id, int area, int workers = 1) => JsonSerializer.Serialize(new
    {
        id,
        create_config = new { master_flavors = new { name = "m1.large" } },
        state = new { master_area = new { area_id = area, mgmt_net = "mgmt", service_net = "svc" }, progressive_worker_number = workers },
    });

    [Fact]
    public async Task Create_asks_nfvcl_for_a_blueprint_on_the_vims_networks_and_answers_201()
    {
        await Host.RegisterVimAsync();

        var response = await Client.PostAsJsonAsync("/os_k8s/clusters", new { pop_area = 1, vim_name = "os-lab" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("OS K8S cluster created successfully", body.GetProperty("message").GetString());
        var cluster = body.GetProperty("cluster");
        Assert.Matches(@"^OS_K8S_1_[A-Za-z]{5}$", cluster.GetProperty("smo_id").GetString());
        Assert.Equal("BP1", cluster.GetProperty("nfvcl_id").GetString());
        var (request, sent) = Nfvcl.Received.Last();
        Assert.Equal($"POST {NfvclStandIn.Prefix}/nfvcl/v2/api/blue/k8s", request);
        Assert.Equal(("mgmt", "svc"), (sent!["areas"]![0]!["mgmt_net"]!.GetValue<string>(), sent["areas"]![0]!["additional_networks"]![0]!.GetValue<string>()));
        Assert.Equal(response.Headers.Location!.OriginalString, $"/os_k8s/cluster/{cluster.GetProperty("smo_id").GetString()}");
    }

    [Fact]
    public async Task Create_on_an_unknown_vim_is_a_404_and_nfvcl_is_not_called()
    {
        await Host.RegisterVimAsync(area: 1);

        var response = await Client.PostAsJsonAsync("/os_k8s/clusters", new { pop_area = 2, vim_name = "os-lab" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("VIM not found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.DoesNotContain(Nfvcl.Requests, r => r.Contains("blue"));
    }

    [Theory]
    [InlineData("{\"vim_name\":\"os-lab\"}", "pop_area")]
    [InlineData("{\"pop_area\":-1,\"vim_name\":\"os-lab\"}", "pop_area")]
    [InlineData("{\"pop_area\":1,\"vim_name\":7}", "vim_name")]
    [InlineData("", "body")]
    public async Task Create_with_a_bad_body_is_a_400_naming_the_field(string body, string where)
    {
        var response = await Client.PostAsync("/os_k8s/clusters", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(where, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("where").GetString());
    }

    [Fact]
    public async Task List_and_get_show_the_original_fields()
    {
        await Host.RegisterVimAsync();
        var created = await Host.CreateClusterAsync();
        var smoId = created.GetProperty("smo_id").GetString();

        var list = await Client.GetFromJsonAsync<JsonElement>("/os_k8s/clusters");
        var one = await Client.GetFromJsonAsync<JsonElement>($"/os_k8s/cluster/{smoId}");

        Assert.Equal([smoId], list.EnumerateArray().Select(c => c.GetProperty("smo_id").GetString()));
        Assert.Equal(["smo_id", "nfvcl_id", "pop_area", "is_master_area", "master_flavor", "mgmt_network", "service_network", "running_workers", "karmada_details"],
            one.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Get_delete_and_scale_out_of_an_unknown_cluster_are_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/os_k8s/cluster/OS_K8S_1_nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync("/os_k8s/cluster/OS_K8S_1_nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PostAsync("/os_k8s/scale-out/OS_K8S_1_nope", null)).StatusCode);
        Assert.Empty(Nfvcl.Received);
    }

    [Theory]
    [InlineData("%20")]
    [InlineData("%09")]
    public async Task A_blank_smo_id_names_no_cluster(string blank)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/os_k8s/cluster/{blank}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync($"/os_k8s/cluster/{blank}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PostAsync($"/os_k8s/scale-out/{blank}", null)).StatusCode);
        Assert.Empty(Nfvcl.Received);
    }

    [Fact]
    public async Task Scale_out_adds_a_node_to_the_blueprint_and_counts_the_worker()
    {
        await Host.RegisterVimAsync();
        var smoId = (await Host.CreateClusterAsync()).GetProperty("smo_id").GetString();

        var response = await Client.PostAsync($"/os_k8s/scale-out/{smoId}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Node added to k8s cluster successfully", body.GetProperty("message").GetString());
        Assert.Equal(2, body.GetProperty("cluster").GetProperty("running_workers").GetInt32());
        Assert.Equal($"POST {NfvclStandIn.Prefix}/nfvcl/v2/api/blue/k8s/add_node?blue_id=BP1", Nfvcl.Requests[^1]);
    }

    [Fact]
    public async Task Delete_removes_the_blueprint_in_nfvcl_then_the_cluster()
    {
        await Host.RegisterVimAsync();
        var smoId = (await Host.CreateClusterAsync()).GetProperty("smo_id").GetString();

        var response = await Client.DeleteAsync($"/os_k8s/cluster/{smoId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OS K8S cluster deleted successfully", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        Assert.Equal($"DELETE {NfvclStandIn.Prefix}/nfvcl/v2/api/blue/BP1", Nfvcl.Requests[^1]);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/os_k8s/cluster/{smoId}")).StatusCode);
    }

    [Fact]
    public async Task Sync_adds_updates_and_deletes_clusters_with_one_message_each()
    {
        Nfvcl.BlueprintsJson = $"[{Blueprint("K1", 1)},{Blueprint("K2", 2)}]";
        await Client.PostAsync("/os_k8s/sync/nfvcl_k8s", null);
        Nfvcl.BlueprintsJson = $"[{Blueprint("K1", 1, workers: 3)},{Blueprint("K3", 2)}]";

        var messages = await (await Client.PostAsync("/os_k8s/sync/nfvcl_k8s", null)).Content.ReadFromJsonAsync<JsonElement>();

        var byBlueprint = messages.EnumerateArray().ToDictionary(m => m.GetProperty("cluster").GetProperty("nfvcl_id").GetString()!, m => m.GetProperty("message").GetString()!);
        Assert.EndsWith("updated", byBlueprint["K1"]);
        Assert.EndsWith("deleted", byBlueprint["K2"]);
        Assert.EndsWith("added", byBlueprint["K3"]);
        var stored = await Client.GetFromJsonAsync<JsonElement>("/os_k8s/clusters");
        Assert.Equal(["K1", "K3"], stored.EnumerateArray().Select(c => c.GetProperty("nfvcl_id").GetString()).Order());
    }

    [Fact]
    public async Task Sync_never_deletes_a_cluster_whose_blueprint_nfvcl_is_still_creating()
    {
        await Host.RegisterVimAsync();
        var smoId = (await Host.CreateClusterAsync()).GetProperty("smo_id").GetString();
        // NFVCL lists the new blueprint before its master area exists.
        Nfvcl.BlueprintsJson = """[{"id":"BP1","type":"K8sBlue","status":"deploying","state":{}}]""";

        var messages = await (await Client.PostAsync("/os_k8s/sync/nfvcl_k8s", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.DoesNotContain(messages.EnumerateArray(), m => m.GetProperty("message").GetString()!.EndsWith("deleted", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/os_k8s/cluster/{smoId}")).StatusCode);
        // Gone from NFVCL's list altogether: now it is deleted.
        Nfvcl.BlueprintsJson = "[]";
        await Client.PostAsync("/os_k8s/sync/nfvcl_k8s", null);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/os_k8s/cluster/{smoId}")).StatusCode);
    }

    [Fact]
    public async Task Sync_of_one_area_matches_it_as_an_integer_and_keeps_other_areas_clusters()
    {
        Nfvcl.BlueprintsJson = $"[{Blueprint("A1", 1)},{Blueprint("A2", 2)}]";
        await Client.PostAsync("/os_k8s/sync/nfvcl_k8s", null);
        Nfvcl.BlueprintsJson = $"[{Blueprint("A1", 1, workers: 2)}]";

        var messages = await (await Client.PostAsync("/os_k8s/sync/nfvcl_k8s?pop_area=1", null)).Content.ReadFromJsonAsync<JsonElement>();

        var message = Assert.Single(messages.EnumerateArray());
        Assert.EndsWith("updated", message.GetProperty("message").GetString());
        var stored = await Client.GetFromJsonAsync<JsonElement>("/os_k8s/clusters");
        Assert.Equal(["A1", "A2"], stored.EnumerateArray().Select(c => c.GetProperty("nfvcl_id").GetString()).Order());
    }

    [Fact]
    public async Task Sync_with_a_non_integer_area_is_a_400_and_nfvcl_is_not_called()
    {
        var response = await Client.PostAsync("/os_k8s/sync/nfvcl_k8s?pop_area=1.5", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("pop_area", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("where").GetString());
        Assert.Empty(Nfvcl.Received);
    }
}
