using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Nfvcl;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Nfvcl;

/// <summary>The NFVCL client against an in-test NFVCL mounted under a path prefix, so a call without the base URL would miss it.</summary>
public sealed class NfvclClientTests : IAsyncLifetime
{
    private const string Prefix = "/nfvcl-api";
    private readonly ConcurrentQueue<(string Request, JsonNode? Body)> _received = new();
    private InTestServer _nfvcl = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _nfvcl = await InTestServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                var body = context.Request.ContentType?.Contains("json") == true ? await JsonNode.ParseAsync(context.Request.Body) : null;
                _received.Enqueue(($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}", body));
                await next(context);
            });
            app.MapPost($"{Prefix}/nfvcl/v2/api/blue/k8s", () => Results.Json(new { detail = "Blueprint ABC123 created" }, statusCode: 202));
            app.MapPost($"{Prefix}/nfvcl/v2/api/blue/k8s/add_node", () => Results.Json(new { detail = "Node added" }, statusCode: 202));
            app.MapDelete($"{Prefix}/nfvcl/v2/api/blue/{{id}}", (string id) => id == "ABC123" ? Results.Ok() : Results.Json(new { detail = "not found" }, statusCode: 404));
            app.MapGet($"{Prefix}/nfvcl/v2/api/blue/", () => Results.Text(Blueprints, "application/json"));
            app.MapGet($"{Prefix}/v1/topology/", () => Results.Text(Topology, "application/json"));
            app.MapPost($"{Prefix}/v1/topology", () => Results.Json(new { detail = "VIM unreachable" }, statusCode: 422));
            app.MapDelete($"{Prefix}/v1/topology/vim/{{name}}", () => Results.Ok());
        });
        _services = AdapterServices.Build(AdapterServices.Settings(("Smo:Nfvcl:BaseUrl", new Uri(_nfvcl.BaseUrl, Prefix.TrimStart('/')).ToString())),
            AdapterServices.FastResilience("Smo:Nfvcl"));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _nfvcl.DisposeAsync();
    }

    private const string Blueprints = """
        [{"id":"K1","type":"K8sBlue","create_config":{"master_flavors":{"name":"m1.large"}},
          "state":{"master_area":{"area_id":1,"mgmt_net":"mgmt","service_net":"svc"},"progressive_worker_number":3}},
         {"id":"K2","type":"K8sBlue","create_config":{},
          "state":{"master_area":{"area_id":2,"mgmt_net":{"name":"mgmt2"},"service_net":"svc2"},"progressive_worker_number":1}},
         {"id":"V1","type":"VyOSBlue","state":{}},
         {"id":"K3","type":"K8sBlue","status":"deploying","state":{}}]
        """;

    private const string Topology = """
        {"id":"topology","vims":[{"name":"os-lab","areas":[3],"vim_url":"http://os:5000/v3","vim_type":"openstack",
          "networks":["mgmt","svc"],"config":{"use_floating_ip":true}}]}
        """;

    private INfvclClient Client => _services.GetRequiredService<INfvclClient>();

    [Fact]
    public async Task CreateK8sClusterAsync_posts_the_master_area_and_reads_the_blueprint_id_from_the_detail()
    {
        var id = await Client.CreateK8sClusterAsync(new NfvclK8sPlacement(1, "mgmt", "svc"));

        Assert.Equal("ABC123", id);
        var (request, body) = Assert.Single(_received);
        Assert.Equal($"POST {Prefix}/nfvcl/v2/api/blue/k8s", request);
        var area = body!["areas"]![0]!;
        Assert.Equal(1, area["area_id"]!.GetValue<int>());
        Assert.True(area["is_master_area"]!.GetValue<bool>());
        Assert.Equal("svc", area["additional_networks"]![0]!.GetValue<string>());
        Assert.Equal(20, area["service_net_required_ip_number"]!.GetValue<int>());
    }

    [Fact]
    public async Task AddK8sWorkerAsync_posts_a_worker_area_for_the_blueprint()
    {
        await Client.AddK8sWorkerAsync("ABC123", new NfvclK8sPlacement(1, "mgmt", "svc"));

        var (request, body) = Assert.Single(_received);
        Assert.Equal($"POST {Prefix}/nfvcl/v2/api/blue/k8s/add_node?blue_id=ABC123", request);
        Assert.False(body!["areas"]![0]!["is_master_area"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ListK8sBlueprintsAsync_filters_by_area_as_a_number_and_skips_other_blueprint_types()
    {
        var all = (await Client.ListK8sBlueprintsAsync()).Running;
        var area2 = (await Client.ListK8sBlueprintsAsync(popArea: 2)).Running;

        Assert.Equal(["K1", "K2"], all.Select(b => b.Id));
        Assert.Equal((1, "mgmt", "svc", 3), (all[0].Area, all[0].ManagementNetwork, all[0].ServiceNetwork, all[0].WorkerCount));
        Assert.Equal(["m1.large"], all[0].MasterFlavors);
        var only = Assert.Single(area2);
        Assert.Equal(("K2", "mgmt2"), (only.Id, only.ManagementNetwork));
    }

    [Fact]
    public async Task ListK8sBlueprintsAsync_lists_every_blueprint_id_also_those_still_being_created()
    {
        var listed = (await Client.ListK8sBlueprintsAsync(popArea: 2)).Listed;

        Assert.Equal(["K1", "K2", "K3", "V1"], listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeleteVimAsync_calls_nfvcl_under_its_base_url()
    {
        var deleted = await Client.DeleteVimAsync("os-lab");

        Assert.True(deleted);
        Assert.Equal($"DELETE {Prefix}/v1/topology/vim/os-lab", Assert.Single(_received).Request);
    }

    [Fact]
    public async Task DeleteBlueprintAsync_of_an_unknown_blueprint_returns_false()
    {
        Assert.True(await Client.DeleteBlueprintAsync("ABC123"));
        Assert.False(await Client.DeleteBlueprintAsync("GONE"));
    }

    [Fact]
    public async Task ListVimsAsync_reads_the_topology()
    {
        var vim = Assert.Single(await Client.ListVimsAsync());

        Assert.Equal(new NfvclVim("os-lab", 3, "http://os:5000/v3", "openstack", vim.Networks, true), vim);
        Assert.Equal(["mgmt", "svc"], vim.Networks);
    }

    [Fact]
    public async Task RegisterVimAsync_sends_the_password_to_nfvcl_but_never_into_the_error()
    {
        var registration = new NfvclVimRegistration("topology", 3, "os-lab", "http://os:5000/v3", "tenant", "admin", "vim-s3cret",
            new NfvclNetwork("mgmt", "10.0.0.0/24", "10.0.0.1"), new NfvclNetwork("svc", "10.0.1.0/24", "10.0.1.1"), UseFloatingIp: true);

        var failure = await Assert.ThrowsAsync<AdapterException>(() => Client.RegisterVimAsync(registration));

        var sent = Assert.Single(_received).Body!["vims"]![0]!;
        Assert.Equal("vim-s3cret", sent["vim_password"]!.GetValue<string>());
        // OpenStack's certificate is verified unless Smo:Nfvcl:OpenStackInsecure says otherwise (the original never did).
        Assert.False(sent["config"]!["insecure"]!.GetValue<bool>());
        Assert.Equal("NFVCL: register VIM os-lab (area 3, http://os:5000/v3) failed: HTTP 422 UnprocessableEntity: VIM unreachable", failure.Message);
        Assert.DoesNotContain("vim-s3cret", failure.ToString());
    }

    [Fact]
    public async Task RegisterVimAsync_lets_nfvcl_skip_tls_verification_only_when_the_setting_says_so()
    {
        await using var services = AdapterServices.Build(AdapterServices.Settings(
                ("Smo:Nfvcl:BaseUrl", new Uri(_nfvcl.BaseUrl, Prefix.TrimStart('/')).ToString()), ("Smo:Nfvcl:OpenStackInsecure", "true")),
            AdapterServices.FastResilience("Smo:Nfvcl"));
        var registration = new NfvclVimRegistration("topology", 3, "os-lab", "https://os:5000/v3", "tenant", "admin", "pw",
            new NfvclNetwork("mgmt", "10.0.0.0/24", "10.0.0.1"), new NfvclNetwork("svc", "10.0.1.0/24", "10.0.1.1"), UseFloatingIp: false);

        await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<INfvclClient>().RegisterVimAsync(registration));

        Assert.True(Assert.Single(_received).Body!["vims"]![0]!["config"]!["insecure"]!.GetValue<bool>());
    }
}
