using System.Text.Json.Nodes;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Kubernetes;

public sealed class ResourceBindingWireTests : SimulatorTest
{
    private const string Bindings = "/apis/work.karmada.io/v1alpha2/namespaces/demo/resourcebindings";
    private const string Deployments = "/apis/apps/v1/namespaces/demo/deployments";

    [Fact]
    public async Task A_deployment_has_a_binding_named_after_it_scheduling_all_its_replicas_on_its_cluster()
    {
        await Client.PostAsync(Deployments, new DeploymentBuilder("web").On("big").Replicas(3).Json());

        var (status, binding) = await Client.GetAsync($"{Bindings}/web-deployment");

        Assert.Equal(200, status);
        Assert.Equal("ResourceBinding", binding["kind"]!.GetValue<string>());
        Assert.Equal("work.karmada.io/v1alpha2", binding["apiVersion"]!.GetValue<string>());
        var resource = binding["spec"]!["resource"]!;
        Assert.Equal(("apps/v1", "Deployment", "demo", "web"),
            (resource["apiVersion"]!.GetValue<string>(), resource["kind"]!.GetValue<string>(), resource["namespace"]!.GetValue<string>(), resource["name"]!.GetValue<string>()));
        Assert.Equal(3, binding["spec"]!["replicas"]!.GetValue<int>());
        var target = Assert.Single(binding["spec"]!["clusters"]!.AsArray())!;
        Assert.Equal(("big", 3), (target["name"]!.GetValue<string>(), target["replicas"]!.GetValue<int>()));
        Assert.Equal("True", binding["status"]!["conditions"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_binding_follows_its_deployment_to_another_cluster()
    {
        await Client.PostAsync(Deployments, new DeploymentBuilder("web").On("big").Json());

        await Client.PatchAsync($"{Deployments}/web", """{"metadata":{"annotations":{"simulator.smo.io/cluster":"small"}}}""", "application/merge-patch+json");
        var (_, list) = await Client.GetAsync(Bindings);

        var binding = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal("ResourceBindingList", list["kind"]!.GetValue<string>());
        Assert.Equal("web-deployment", binding["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("small", binding["spec"]!["clusters"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_deployment_on_no_known_cluster_has_an_unscheduled_binding_without_clusters()
    {
        await Client.PostAsync(Deployments, new DeploymentBuilder("web").On("nowhere").Json());

        var (_, binding) = await Client.GetAsync($"{Bindings}/web-deployment");

        Assert.False(binding["spec"]!.AsObject().ContainsKey("clusters"));
        Assert.Equal("False", binding["status"]!["conditions"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_binding_of_no_deployment_is_404_and_writes_are_405()
    {
        var (missing, body) = await Client.GetAsync($"{Bindings}/web-deployment");
        var (write, _) = await Client.PostAsync(Bindings, new JsonObject { ["kind"] = "ResourceBinding" }.ToJsonString());

        Assert.Equal(404, missing);
        Assert.Equal("resourcebindings.work.karmada.io \"web-deployment\" not found", body["message"]!.GetValue<string>());
        Assert.Equal(405, write);
    }
}
