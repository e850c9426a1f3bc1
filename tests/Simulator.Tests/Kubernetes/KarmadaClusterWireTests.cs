using System.Text.Json.Nodes;
using Smo.Simulator.Hosting;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Kubernetes;

public sealed class KarmadaClusterWireTests
{
    private const string Clusters = "/apis/cluster.karmada.io/v1alpha1/clusters";

    [Fact]
    public async Task Cluster_list_is_a_ClusterList_whose_items_carry_no_kind()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual());
        using var client = new SimulatorClient(host);

        var (status, list) = await client.GetAsync(Clusters);

        Assert.Equal(200, status);
        Assert.Equal("ClusterList", list["kind"]!.GetValue<string>());
        Assert.Equal("cluster.karmada.io/v1alpha1", list["apiVersion"]!.GetValue<string>());
        Assert.Matches("^[0-9]+$", list["metadata"]!["resourceVersion"]!.GetValue<string>());
        var items = list["items"]!.AsArray();
        Assert.Equal(["big", "small"], items.Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        Assert.All(items, item => Assert.False(item!.AsObject().ContainsKey("kind") || item.AsObject().ContainsKey("apiVersion")));
    }

    [Fact]
    public async Task Cluster_reports_allocatable_as_strings_and_the_gpu_key_only_where_there_are_gpus()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual());
        using var client = new SimulatorClient(host);

        var (_, big) = await client.GetAsync($"{Clusters}/big");
        var (_, small) = await client.GetAsync($"{Clusters}/small");

        var bigAllocatable = big["status"]!["resourceSummary"]!["allocatable"]!.AsObject();
        Assert.Equal("8", bigAllocatable["cpu"]!.GetValue<string>());
        Assert.Equal("16Gi", bigAllocatable["memory"]!.GetValue<string>());
        Assert.Equal("1", bigAllocatable["nvidia.com/gpu"]!.GetValue<string>());
        Assert.Equal("110", bigAllocatable["pods"]!.GetValue<string>());
        Assert.False(small["status"]!["resourceSummary"]!["allocatable"]!.AsObject().ContainsKey("nvidia.com/gpu"));
    }

    [Fact]
    public async Task Cluster_without_pods_omits_allocated_and_allocating()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual());
        using var client = new SimulatorClient(host);

        var (_, big) = await client.GetAsync($"{Clusters}/big");

        var summary = big["status"]!["resourceSummary"]!.AsObject();
        Assert.False(summary.ContainsKey("allocated"));
        Assert.False(summary.ContainsKey("allocating"));
    }

    [Fact]
    public async Task Cluster_allocated_sums_the_requests_of_its_scheduled_pods()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual());
        using var client = new SimulatorClient(host);
        await client.PostAsync("/apis/apps/v1/namespaces/demo/deployments",
            new DeploymentBuilder("web").On("big").Replicas(3).Cpu("500m").Json());

        var (_, big) = await client.GetAsync($"{Clusters}/big");

        var allocated = big["status"]!["resourceSummary"]!["allocated"]!.AsObject();
        Assert.Equal("1500m", allocated["cpu"]!.GetValue<string>());
        Assert.Equal("768Mi", allocated["memory"]!.GetValue<string>());
        Assert.Equal("3", allocated["pods"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cluster_pods_that_do_not_fit_are_reported_as_allocating()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual());
        using var client = new SimulatorClient(host);
        await client.PostAsync("/apis/apps/v1/namespaces/demo/deployments",
            new DeploymentBuilder("web").On("small").Replicas(3).Cpu("1").Json());

        var (_, small) = await client.GetAsync($"{Clusters}/small");

        var summary = small["status"]!["resourceSummary"]!;
        Assert.Equal("2", summary["allocated"]!["cpu"]!.GetValue<string>());
        Assert.Equal("1", summary["allocating"]!["cpu"]!.GetValue<string>());
        Assert.Equal("1", summary["allocating"]!["pods"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cluster_is_Ready_with_Karmadas_reason_and_message_and_carries_region_and_zone()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual());
        using var client = new SimulatorClient(host);

        var (_, big) = await client.GetAsync($"{Clusters}/big");

        var ready = big["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready")!;
        Assert.Equal("True", ready["status"]!.GetValue<string>());
        Assert.Equal("ClusterReady", ready["reason"]!.GetValue<string>());
        Assert.Equal("cluster is healthy and ready to accept workloads", ready["message"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", ready["lastTransitionTime"]!.GetValue<string>());
        Assert.Equal("athens", big["metadata"]!["labels"]!["topology.kubernetes.io/region"]!.GetValue<string>());
        Assert.Equal("athens-a", big["metadata"]!["labels"]!["topology.kubernetes.io/zone"]!.GetValue<string>());
        Assert.Equal("athens", big["spec"]!["region"]!.GetValue<string>());
        Assert.Equal("Push", big["spec"]!["syncMode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cluster_unknown_is_404_with_the_aggregated_resource_name()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual());
        using var client = new SimulatorClient(host);

        var (status, body) = await client.GetAsync($"{Clusters}/nowhere");

        Assert.Equal(404, status);
        Assert.Equal("clusters.cluster.karmada.io \"nowhere\" not found", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Clusters_are_read_only()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual());
        using var client = new SimulatorClient(host);

        var (status, body) = await client.SendAsync(HttpMethod.Delete, $"{Clusters}/big");

        Assert.Equal(405, status);
        Assert.Equal("MethodNotAllowed", body["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Submariner_clusters_list_every_spec_field_and_carry_kind_on_items()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual());
        using var client = new SimulatorClient(host);

        var (_, list) = await client.GetAsync("/apis/submariner.io/v1/namespaces/submariner-k8s-broker/clusters");

        var item = list["items"]![0]!.AsObject();
        Assert.Equal("Cluster", item["kind"]!.GetValue<string>());
        Assert.Equal("submariner.io/v1", item["apiVersion"]!.GetValue<string>());
        Assert.Equal("big", item["metadata"]!["labels"]!["submariner-io/clusterID"]!.GetValue<string>());
        var spec = item["spec"]!.AsObject();
        Assert.Equal(["cluster_id", "color_codes", "service_cidr", "cluster_cidr", "global_cidr"], spec.Select(p => p.Key));
        Assert.Empty(spec["global_cidr"]!.AsArray());
        Assert.Equal("10.10.0.0/16", spec["cluster_cidr"]![0]!.GetValue<string>());
    }
}
