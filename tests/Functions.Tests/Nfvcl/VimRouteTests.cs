using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;

namespace Smo.Functions.Tests.Nfvcl;

public sealed class VimRouteTests : NfvclRouteTest
{
    [Fact]
    public async Task Register_posts_the_topology_to_nfvcl_and_answers_201_with_the_vim()
    {
        var response = await Client.PostAsJsonAsync("/vims/smo_vims", NfvclHost.VimBody());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("VIM created successfully", body.GetProperty("message").GetString());
        var vim = body.GetProperty("vim");
        Assert.Equal(("os-lab", 1, "mgmt", "svc"), (vim.GetProperty("vim_name").GetString(), vim.GetProperty("pop_area").GetInt32(),
            vim.GetProperty("mgmt_network").GetString(), vim.GetProperty("service_network").GetString()));
        var (request, sent) = Assert.Single(Nfvcl.Received);
        Assert.Equal($"POST {NfvclStandIn.Prefix}/v1/topology", request);
        Assert.Equal("s3cret-pa55", sent!["vims"]![0]!["vim_password"]!.GetValue<string>());
    }

    [Fact]
    public async Task Register_with_a_body_over_the_limit_is_a_413_and_nfvcl_is_not_called()
    {
        var response = await Client.PostAsync("/vims/smo_vims",
            new StringContent("{\"vim_name\": \"" + new string('x', 2 << 20) + "\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("where").GetString());
        Assert.Empty(Nfvcl.Received);
        Assert.Equal("{\"SMO VIMs\":[]}", await Client.GetStringAsync("/vims/smo_vims"));
    }

    [Fact]
    public async Task Register_never_stores_logs_or_returns_the_password()
    {
        var response = await Client.PostAsJsonAsync("/vims/smo_vims", NfvclHost.VimBody());
        var listed = await Client.GetStringAsync("/vims/smo_vims");

        Assert.DoesNotContain("s3cret-pa55", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("s3cret-pa55", listed);
        Assert.DoesNotContain(Host.Factory.Logs, line => line.Contains("s3cret-pa55"));
        var stored = await Host.StoredVimRowsAsync();
        Assert.Contains("os-lab", stored);
        Assert.DoesNotContain("s3cret-pa55", stored);
    }

    [Fact]
    public async Task Register_rejected_by_nfvcl_is_a_502_with_the_reason_and_the_password_masked()
    {
        Nfvcl.RejectRegistration = true;

        var response = await Client.PostAsJsonAsync("/vims/smo_vims", NfvclHost.VimBody());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("VIM unreachable", text);
        Assert.DoesNotContain("s3cret-pa55", text);
        Assert.Contains("***", text);
        Assert.Equal(0, (await Client.GetFromJsonAsync<JsonElement>("/vims/smo_vims")).GetProperty("SMO VIMs").GetArrayLength());
    }

    [Fact]
    public async Task Register_of_a_name_the_area_already_has_is_a_409_and_nfvcl_is_not_called()
    {
        await Host.RegisterVimAsync();

        var again = await Client.PostAsJsonAsync("/vims/smo_vims", NfvclHost.VimBody());

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Single(Nfvcl.Received);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "{\"pop_area\": 1}", "topology" },
        { JsonSerializer.Serialize(NfvclHost.VimBody()).Replace("\"pop_area\":1", "\"pop_area\":\"1\""), "pop_area" },
        { JsonSerializer.Serialize(NfvclHost.VimBody()).Replace("\"name\":\"svc\"", "\"name\":\"\""), "service_network.name" },
        { JsonSerializer.Serialize(NfvclHost.VimBody()).Replace("\"use_floating_ip\":false", "\"use_floating_ip\":\"no\""), "use_floating_ip" },
        { JsonSerializer.Serialize(NfvclHost.VimBody(name: "os\0lab")), "vim_name" },
        { "[1]", "body" },
        { "{\"topology\": ", "body (line 1" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Register_with_a_bad_body_is_a_400_naming_the_field(string body, string where)
    {
        var response = await Client.PostAsync("/vims/smo_vims", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(where, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("where").GetString());
        Assert.Empty(Nfvcl.Received);
    }

    [Fact]
    public async Task List_filters_by_integer_area_and_get_reads_one_vim()
    {
        var first = await Host.RegisterVimAsync("a", area: 1);
        await Host.RegisterVimAsync("b", area: 2);

        var area1 = await Client.GetFromJsonAsync<JsonElement>("/vims/smo_vims?pop_area=1");
        var one = await Client.GetFromJsonAsync<JsonElement>($"/vims/smo_vims/{first.GetProperty("id").GetInt32()}");

        Assert.Equal(["a"], area1.GetProperty("SMO VIMs").EnumerateArray().Select(v => v.GetProperty("vim_name").GetString()));
        Assert.Equal("a", one.GetProperty("vim_name").GetString());
    }

    [Theory]
    [InlineData("/vims/smo_vims?pop_area=one", "pop_area")]
    [InlineData("/vims/smo_vims/abc", "smo_id")]
    public async Task Get_with_a_malformed_area_or_id_is_a_400_naming_it(string path, string where)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(where, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("where").GetString());
    }

    [Fact]
    public async Task Get_and_delete_of_an_unknown_vim_are_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/vims/smo_vims/999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync("/vims/smo_vims/999")).StatusCode);
    }

    [Fact]
    public async Task Delete_removes_the_vim_from_nfvcl_through_the_base_url_then_from_smo()
    {
        var vim = await Host.RegisterVimAsync("os lab");
        var id = vim.GetProperty("id").GetInt32();

        var response = await Client.DeleteAsync($"/vims/smo_vims/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("VIM deleted successfully", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        Assert.Equal($"DELETE {NfvclStandIn.Prefix}/v1/topology/vim/os%20lab", Nfvcl.Requests[^1]);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/vims/smo_vims/{id}")).StatusCode);
    }

    [Fact]
    public async Task Sync_imports_nfvcls_vims_with_the_first_two_networks_as_management_and_service()
    {
        Nfvcl.TopologyJson = """
            {"id":"topology","vims":[
              {"name":"os-lab","areas":[3],"vim_url":"http://os:5000/v3","vim_type":"openstack","networks":["m","s","x"],"config":{"use_floating_ip":true}},
              {"name":"nowhere","areas":[],"vim_url":"http://x","vim_type":"openstack","networks":[],"config":{}}]}
            """;

        var sync = await Client.PostAsync("/vims/sync/nfvcl_vims", null);
        var body = await sync.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Contains("1 added", body.GetProperty("message").GetString());
        Assert.Contains("1 without an area skipped", body.GetProperty("message").GetString());
        var vim = Assert.Single(body.GetProperty("vims").EnumerateArray());
        Assert.Equal(("os-lab", 3, "m", "s", true), (vim.GetProperty("vim_name").GetString(), vim.GetProperty("pop_area").GetInt32(),
            vim.GetProperty("mgmt_network").GetString(), vim.GetProperty("service_network").GetString(), vim.GetProperty("use_floating_ip").GetBoolean()));
    }
}
