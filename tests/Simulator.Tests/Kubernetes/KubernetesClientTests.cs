using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Smo.Simulator.Federation;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Kubernetes;

/// <summary>The real KubernetesClient 21.0.8, configured as Smo's adapter is, against the simulator.</summary>
public sealed class KubernetesClientTests : SimulatorTest
{
    private k8s.Kubernetes _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Host.BaseAddress.ToString().TrimEnd('/') });
    }

    public override async Task DisposeAsync()
    {
        _client.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task CustomObjects_lists_karmada_clusters_with_their_resource_summary()
    {
        var list = (JsonElement)await _client.CustomObjects.ListClusterCustomObjectAsync("cluster.karmada.io", "v1alpha1", "clusters");

        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal("8", items[0].GetProperty("status").GetProperty("resourceSummary").GetProperty("allocatable").GetProperty("cpu").GetString());
    }

    [Fact]
    public async Task AppsV1_creates_reads_and_lists_a_deployment()
    {
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", "big", 2), "demo");

        var read = await _client.AppsV1.ReadNamespacedDeploymentAsync("web", "demo");
        var list = await _client.AppsV1.ListNamespacedDeploymentAsync("demo");

        Assert.Equal(2, read.Spec.Replicas);
        Assert.Equal("500m", read.Spec.Template.Spec.Containers[0].Resources.Limits["cpu"].ToString());
        Assert.Equal("web", Assert.Single(list.Items).Metadata.Name);
        Assert.Null(read.Status.ReadyReplicas);
    }

    [Fact]
    public async Task AppsV1_lists_a_namespace_in_one_DeploymentList_with_its_resourceVersion()
    {
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", "big", 2), "demo");
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("api", "big", 1), "demo");

        var list = await _client.AppsV1.ListNamespacedDeploymentAsync("demo");

        Assert.Equal("DeploymentList", list.Kind);
        Assert.Equal("apps/v1", list.ApiVersion);
        Assert.False(string.IsNullOrEmpty(list.Metadata.ResourceVersion));
        Assert.Equal(["api", "web"], list.Items.Select(d => d.Metadata.Name));
        Assert.Equal([1, 2], list.Items.Select(d => d.Spec.Replicas));
    }

    [Fact]
    public async Task AppsV1_list_with_a_field_selector_the_apiserver_refuses_throws_400()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.AppsV1.ListNamespacedDeploymentAsync("demo", fieldSelector: "spec.replicas=2"));

        Assert.Equal(HttpStatusCode.BadRequest, error.Response.StatusCode);
        Assert.Contains("is not a known field selector", error.Response.Content);
    }

    [Fact]
    public async Task AppsV1_scale_patch_with_a_merge_V1Patch_changes_replicas_and_pods_become_ready()
    {
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", "big", 1), "demo");

        var scale = await _client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch(new V1Scale { Spec = new V1ScaleSpec { Replicas = 3 } }, V1Patch.PatchType.MergePatch), "web", "demo");
        Host.Simulation.Advance(TimeSpan.FromSeconds(6));
        var read = await _client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "demo");
        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync("web", "demo");

        Assert.Equal(3, scale.Spec.Replicas);
        Assert.Equal(3, read.Spec.Replicas);
        Assert.Equal(3, read.Status.Replicas);
        Assert.Equal(3, deployment.Status.ReadyReplicas);
    }

    [Fact]
    public async Task AppsV1_replace_with_a_stale_resourceVersion_throws_HttpOperationException_409()
    {
        var created = await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", "big", 1), "demo");
        await _client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("""{"spec":{"replicas":2}}""", V1Patch.PatchType.MergePatch), "web", "demo");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.AppsV1.ReplaceNamespacedDeploymentAsync(created, "web", "demo"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("\"reason\":\"Conflict\"", error.Response.Content);
    }

    [Fact]
    public async Task AppsV1_read_of_a_missing_deployment_throws_404_with_the_Status_body()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.AppsV1.ReadNamespacedDeploymentAsync("ghost", "demo"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Contains("deployments.apps \\\"ghost\\\" not found", error.Response.Content);
    }

    [Fact]
    public async Task CustomObjects_read_modify_replace_of_the_prometheus_rule_round_trips()
    {
        var rule = (JsonElement)await _client.CustomObjects.GetNamespacedCustomObjectAsync(
            "monitoring.coreos.com", "v1", "monitoring", "prometheusrules", "kube-prometheus-stack-0");
        var edited = System.Text.Json.Nodes.JsonNode.Parse(rule.GetRawText())!;
        edited["spec"]!["groups"]![0]!["rules"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
        {
            ["alert"] = "web-overload", ["expr"] = "rate(flask_http_request_total{service=\"web\"}[1m]) > 20", ["for"] = "30s",
        });

        await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(edited, "monitoring.coreos.com", "v1", "monitoring",
            "prometheusrules", "kube-prometheus-stack-0");
        var reread = (JsonElement)await _client.CustomObjects.GetNamespacedCustomObjectAsync(
            "monitoring.coreos.com", "v1", "monitoring", "prometheusrules", "kube-prometheus-stack-0");

        var alert = reread.GetProperty("spec").GetProperty("groups")[0].GetProperty("rules")[0];
        Assert.Equal("web-overload", alert.GetProperty("alert").GetString());
        Assert.Equal("other", reread.GetProperty("spec").GetProperty("groups")[1].GetProperty("name").GetString());
    }

    [Fact]
    public async Task CustomObjects_patch_with_a_bare_object_is_415_as_on_a_real_apiserver()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new { metadata = new { labels = new { a = "b" } } }, "monitoring.coreos.com", "v1", "monitoring", "prometheusrules",
            "kube-prometheus-stack-0"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, error.Response.StatusCode);
    }

    [Fact]
    public async Task CustomObjects_patch_with_a_merge_V1Patch_changes_the_rule()
    {
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(new { metadata = new { labels = new { release = "kube-prometheus-stack" } } }, V1Patch.PatchType.MergePatch),
            "monitoring.coreos.com", "v1", "monitoring", "prometheusrules", "kube-prometheus-stack-0");

        var rule = (JsonElement)await _client.CustomObjects.GetNamespacedCustomObjectAsync(
            "monitoring.coreos.com", "v1", "monitoring", "prometheusrules", "kube-prometheus-stack-0");

        Assert.Equal("kube-prometheus-stack", rule.GetProperty("metadata").GetProperty("labels").GetProperty("release").GetString());
    }

    [Fact]
    public async Task CustomObjects_lists_submariner_clusters_in_the_broker_namespace()
    {
        var list = (JsonElement)await _client.CustomObjects.ListNamespacedCustomObjectAsync(
            "submariner.io", "v1", Simulation.SubmarinerBrokerNamespace, "clusters");

        var ids = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("spec").GetProperty("cluster_id").GetString());
        Assert.Equal(["big", "small"], ids);
    }

    [Fact]
    public async Task CoreV1_creates_and_deletes_a_namespace_with_its_deployments()
    {
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "graph-a" } });
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", "big", 1), "graph-a");

        await _client.CoreV1.DeleteNamespaceAsync("graph-a");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.AppsV1.ReadNamespacedDeploymentAsync("web", "graph-a"));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    private static V1Deployment Deployment(string name, string cluster, int replicas) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Annotations = new Dictionary<string, string> { [Placement.ClusterAnnotation] = cluster },
        },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = name,
                            Image = "nginx:1.27",
                            Resources = new V1ResourceRequirements
                            {
                                Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("256Mi") },
                            },
                        },
                    ],
                },
            },
        },
    };
}
