using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Karmada;

/// <summary>The ResourceBinding of a divided Deployment has the shape protocols.md §3 gives (a `kubectl get rb -o yaml` of Karmada).</summary>
public sealed class ResourceBindingWireTests : SimulatorTest
{
    private const string Bindings = "/apis/work.karmada.io/v1alpha2/namespaces/demo/resourcebindings";

    [Fact]
    public async Task Binding_of_a_divided_deployment_names_its_resource_result_policy_and_member_statuses()
    {
        var (_, deployment) = await Client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").Replicas(10).Json());
        var (_, policy) = await Client.PostAsync("/apis/policy.karmada.io/v1alpha1/namespaces/demo/propagationpolicies",
            new PolicyBuilder("split").Selecting("web").Weights(("big", 2), ("small", 1)).Json());
        await Client.AdvanceAsync(5);

        var (status, binding) = await Client.GetAsync($"{Bindings}/web-deployment");

        Assert.Equal(200, status);
        Assert.Equal(("work.karmada.io/v1alpha2", "ResourceBinding"), (binding["apiVersion"]!.GetValue<string>(), binding["kind"]!.GetValue<string>()));
        var metadata = binding["metadata"]!;
        Assert.Equal(policy.At("metadata", "labels", "propagationpolicy.karmada.io/permanent-id")!.GetValue<string>(),
            metadata.At("labels", "propagationpolicy.karmada.io/permanent-id")!.GetValue<string>());
        Assert.Equal("""{"propagationpolicy.karmada.io/name":"split","propagationpolicy.karmada.io/namespace":"demo"}""", metadata["annotations"]!.ToJsonString());
        var uid = deployment.At("metadata", "uid")!.GetValue<string>();
        Assert.Equal($$"""[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"{{uid}}","controller":true,"blockOwnerDeletion":true}]""",
            metadata["ownerReferences"]!.ToJsonString());
        var spec = binding["spec"]!;
        Assert.Equal($$"""{"apiVersion":"apps/v1","kind":"Deployment","namespace":"demo","name":"web","uid":"{{uid}}","resourceVersion":"{{deployment.At("metadata", "resourceVersion")}}"}""",
            spec["resource"]!.ToJsonString());
        Assert.Equal(10, spec["replicas"]!.GetValue<int>());
        Assert.Equal("""{"resourceRequest":{"cpu":"500m","memory":"256Mi"}}""", spec["replicaRequirements"]!.ToJsonString());
        Assert.Equal("""[{"name":"big","replicas":7},{"name":"small","replicas":3}]""", spec["clusters"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(policy.At("spec", "placement"), spec["placement"]));
        Assert.Equal(("default-scheduler", "Abort"), (spec["schedulerName"]!.GetValue<string>(), spec["conflictResolution"]!.GetValue<string>()));
        var conditions = binding.At("status", "conditions")!.AsArray();
        Assert.Equal(["Scheduled:True:Success:Binding has been scheduled successfully.", "FullyApplied:True:FullyAppliedSuccess:All works have been successfully applied"],
            conditions.Select(c => $"{c!["type"]}:{c["status"]}:{c["reason"]}:{c["message"]}"));
        Assert.Equal(binding.At("metadata", "generation")!.GetValue<long>(), binding.At("status", "schedulerObservedGeneration")!.GetValue<long>());
        Assert.NotNull(binding.At("status", "lastScheduledTime"));
        Assert.Equal("""{"clusterName":"big","status":{"generation":1,"resourceTemplateGeneration":1,"observedGeneration":1,"replicas":7,"updatedReplicas":7,"readyReplicas":7,"availableReplicas":7},"applied":true,"health":"Healthy"}""",
            binding.At("status", "aggregatedStatus")![0]!.ToJsonString());
    }

    [Fact]
    public async Task Binding_of_a_deployment_its_chart_placed_schedules_all_replicas_to_the_annotated_cluster()
    {
        await Client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").On("small").Replicas(2).Json());

        var (_, binding) = await Client.GetAsync($"{Bindings}/web-deployment");

        Assert.Equal("""[{"name":"small","replicas":2}]""", binding.At("spec", "clusters")!.ToJsonString());
        Assert.Equal("""{"clusterAffinity":{"clusterNames":["small"]}}""", binding.At("spec", "placement")!.ToJsonString());
        Assert.Null(binding.At("metadata", "labels"));
    }

    [Fact]
    public async Task Deployment_no_policy_selects_has_no_binding()
    {
        await Client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").Replicas(2).Json());

        var (status, _) = await Client.GetAsync($"{Bindings}/web-deployment");
        var (_, list) = await Client.GetAsync(Bindings);

        Assert.Equal(404, status);
        Assert.Empty(list["items"]!.AsArray());
    }

    [Fact]
    public async Task Bindings_are_written_by_the_simulated_karmada_only()
    {
        var (status, refusal) = await Client.PostAsync(Bindings, """{"metadata":{"name":"x"},"spec":{}}""");

        Assert.Equal(405, status);
        Assert.Equal("MethodNotAllowed", refusal["reason"]!.GetValue<string>());
    }
}
