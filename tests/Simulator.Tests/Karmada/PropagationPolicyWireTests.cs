using System.Text.Json.Nodes;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Karmada;

/// <summary>PropagationPolicy on the wire: the CRD's schema (pruning, defaults, 422) and Karmada's webhooks (mutation, 403).</summary>
public sealed class PropagationPolicyWireTests : SimulatorTest
{
    private const string Collection = "/apis/policy.karmada.io/v1alpha1/namespaces/demo/propagationpolicies";

    [Fact]
    public async Task Create_fills_the_crd_defaults_and_what_karmadas_mutating_webhook_adds()
    {
        var body = new PolicyBuilder("split").Selecting("web").Weights(("big", 2), ("small", 1)).Build();
        body["spec"]!["placement"]!["replicaScheduling"]!.AsObject().Remove("replicaDivisionPreference");

        var (status, created) = await Client.PostAsync(Collection, body.ToJsonString());

        Assert.Equal(201, status);
        var spec = created["spec"]!;
        Assert.Equal(0, spec["priority"]!.GetValue<int>());
        Assert.Equal("Never", spec["preemption"]!.GetValue<string>());
        Assert.Equal("Abort", spec["conflictResolution"]!.GetValue<string>());
        Assert.Equal("default-scheduler", spec["schedulerName"]!.GetValue<string>());
        Assert.Equal("demo", spec["resourceSelectors"]![0]!["namespace"]!.GetValue<string>());
        Assert.Equal("Weighted", spec["placement"]!["replicaScheduling"]!["replicaDivisionPreference"]!.GetValue<string>());
        Assert.True(Guid.TryParse(created["metadata"]!["labels"]!["propagationpolicy.karmada.io/permanent-id"]!.GetValue<string>(), out _));
        Assert.Equal("karmada.io/propagation-policy-controller", created["metadata"]!["finalizers"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_prunes_unknown_fields_and_status_as_a_structural_schema_does()
    {
        var body = new PolicyBuilder("split").Selecting("web").Weights(("big", 1)).Build();
        body["spec"]!["bogus"] = 1;
        body["spec"]!["placement"]!["replicaScheduling"]!["spread"] = "evenly";
        body["spec"]!["resourceSelectors"]![0]!["labelSelector"] = null;
        body["status"] = new JsonObject { ["phase"] = "Done" };

        var (status, created) = await Client.PostAsync(Collection, body.ToJsonString());

        Assert.Equal(201, status);
        Assert.False(created["spec"]!.AsObject().ContainsKey("bogus"));
        Assert.False(created["spec"]!["placement"]!["replicaScheduling"]!.AsObject().ContainsKey("spread"));
        Assert.False(created["spec"]!["resourceSelectors"]![0]!.AsObject().ContainsKey("labelSelector"));
        Assert.False(created.ContainsKey("status"));
    }

    [Fact]
    public async Task Create_without_placement_stores_an_empty_placement_as_the_webhook_re_encodes_it()
    {
        var body = new PolicyBuilder("everywhere").Selecting("web").Build();
        body["spec"]!.AsObject().Remove("placement");

        var (_, created) = await Client.PostAsync(Collection, body.ToJsonString());

        Assert.Equal("{}", created["spec"]!["placement"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"resourceSelectors":[]}""", "spec.resourceSelectors", "FieldValueInvalid", "Invalid value: 0: spec.resourceSelectors in body should have at least 1 items")]
    [InlineData("""{"placement":{}}""", "spec.resourceSelectors", "FieldValueRequired", "Required value")]
    [InlineData("""{"resourceSelectors":[{"apiVersion":"apps/v1","name":"web"}]}""", "spec.resourceSelectors[0].kind", "FieldValueRequired", "Required value")]
    [InlineData("""{"resourceSelectors":[{"kind":"Deployment"}]}""", "spec.resourceSelectors[0].apiVersion", "FieldValueRequired", "Required value")]
    [InlineData("""{"resourceSelectors":[{"apiVersion":"apps/v1","kind":"Deployment"}],"placement":{"replicaScheduling":{"replicaSchedulingType":"Spread"}}}""",
        "spec.placement.replicaScheduling.replicaSchedulingType", "FieldValueNotSupported", "Unsupported value: \"Spread\": supported values: \"Duplicated\", \"Divided\"")]
    [InlineData("""{"resourceSelectors":[{"apiVersion":"apps/v1","kind":"Deployment"}],"placement":{"replicaScheduling":{"replicaDivisionPreference":"Even"}}}""",
        "spec.placement.replicaScheduling.replicaDivisionPreference", "FieldValueNotSupported", "Unsupported value: \"Even\": supported values: \"Aggregated\", \"Weighted\"")]
    [InlineData("""{"resourceSelectors":[{"apiVersion":"apps/v1","kind":"Deployment"}],"placement":{"replicaScheduling":{"weightPreference":{"staticWeightList":[{"targetCluster":{"clusterNames":["big"]},"weight":0}]}}}}""",
        "spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight", "FieldValueInvalid",
        "Invalid value: 0: spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight in body should be greater than or equal to 1")]
    [InlineData("""{"resourceSelectors":[{"apiVersion":"apps/v1","kind":"Deployment"}],"placement":{"replicaScheduling":{"weightPreference":{"staticWeightList":[{"targetCluster":{"clusterNames":["big"]}}]}}}}""",
        "spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight", "FieldValueRequired", "Required value")]
    [InlineData("""{"resourceSelectors":[{"apiVersion":"apps/v1","kind":"Deployment"}],"priority":"high"}""",
        "spec.priority", "FieldValueInvalid", "Invalid value: \"string\": spec.priority in body must be of type integer: \"string\"")]
    [InlineData("""{"resourceSelectors":[{"apiVersion":"apps/v1","kind":"Deployment"}],"preemption":"Sometimes"}""",
        "spec.preemption", "FieldValueNotSupported", "Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\"")]
    public async Task Create_refuses_what_the_crd_schema_refuses_with_422_and_the_field(string spec, string field, string reason, string message)
    {
        var body = $$"""{"apiVersion":"policy.karmada.io/v1alpha1","kind":"PropagationPolicy","metadata":{"name":"bad"},"spec":{{spec}}}""";

        var (status, refusal) = await Client.PostAsync(Collection, body);

        Assert.Equal(422, status);
        Assert.Equal("Invalid", refusal["reason"]!.GetValue<string>());
        Assert.Equal($"PropagationPolicy.policy.karmada.io \"bad\" is invalid: {field}: {message}", refusal["message"]!.GetValue<string>());
        var cause = Assert.Single(refusal["details"]!["causes"]!.AsArray())!;
        Assert.Equal((field, reason, message), (cause["field"]!.GetValue<string>(), cause["reason"]!.GetValue<string>(), cause["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Create_with_preemption_Always_and_a_selector_without_a_name_is_denied_by_the_webhook()
    {
        var body = new PolicyBuilder("greedy").Selecting("web").Weights(("big", 1)).Preempting().Build();
        body["spec"]!["resourceSelectors"]![0]!.AsObject().Remove("name");

        var (status, refusal) = await Client.PostAsync(Collection, body.ToJsonString());

        Assert.Equal(403, status);
        Assert.Equal("Forbidden", refusal["reason"]!.GetValue<string>());
        Assert.Equal("admission webhook \"propagationpolicy.karmada.io\" denied the request: spec.resourceSelectors[0].name: Invalid value: \"\": "
            + "name cannot be empty if preemption is Always, the empty name may cause unexpected resources preemption", refusal["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_selecting_another_namespace_is_denied_by_the_webhook()
    {
        var body = new PolicyBuilder("elsewhere").Selecting("web").Weights(("big", 1)).Build();
        body["spec"]!["resourceSelectors"]![0]!["namespace"] = "other";

        var (status, refusal) = await Client.PostAsync(Collection, body.ToJsonString());

        Assert.Equal(403, status);
        Assert.EndsWith("spec.resourceSelectors[0].namespace: Invalid value: \"other\": namespace of resource selector must be the same as the namespace of the policy",
            refusal["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replace_with_the_read_resourceVersion_changes_the_spec_and_bumps_generation()
    {
        var (_, created) = await Client.PostAsync(Collection, new PolicyBuilder("split").Selecting("web").Weights(("big", 2), ("small", 1)).Json());
        created["spec"]!["placement"]!["replicaScheduling"]!["weightPreference"]!["staticWeightList"]![0]!["weight"] = 5;

        var (status, replaced) = await Client.PutAsync($"{Collection}/split", created.ToJsonString());

        Assert.Equal(200, status);
        Assert.Equal(5, replaced["spec"]!["placement"]!["replicaScheduling"]!["weightPreference"]!["staticWeightList"]![0]!["weight"]!.GetValue<int>());
        Assert.Equal(2, replaced["metadata"]!["generation"]!.GetValue<int>());
    }

    [Fact]
    public async Task Replace_without_resourceVersion_is_422_as_for_every_custom_resource()
    {
        var (_, created) = await Client.PostAsync(Collection, new PolicyBuilder("split").Selecting("web").Weights(("big", 1)).Json());
        created["metadata"]!.AsObject().Remove("resourceVersion");

        var (status, refusal) = await Client.PutAsync($"{Collection}/split", created.ToJsonString());

        Assert.Equal(422, status);
        Assert.Contains("metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", refusal["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replace_that_drops_the_permanent_id_label_is_denied_by_the_webhook()
    {
        var (_, created) = await Client.PostAsync(Collection, new PolicyBuilder("split").Selecting("web").Weights(("big", 1)).Json());
        var rebuilt = new PolicyBuilder("split").Selecting("web").Weights(("small", 1)).Build();
        rebuilt["metadata"]!["resourceVersion"] = created["metadata"]!["resourceVersion"]!.GetValue<string>();

        var (status, refusal) = await Client.PutAsync($"{Collection}/split", rebuilt.ToJsonString());

        Assert.Equal(403, status);
        Assert.Equal("admission webhook \"propagationpolicy.karmada.io\" denied the request: label propagationpolicy.karmada.io/permanent-id is immutable, "
            + "it can only be set by the system during creation", refusal["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("application/merge-patch+json", """{"spec":{"priority":7}}""")]
    [InlineData("application/json-patch+json", """[{"op":"replace","path":"/spec/priority","value":7}]""")]
    [InlineData("application/apply-patch+yaml", "spec:\n  priority: 7\n")]
    public async Task Patch_of_the_kinds_a_custom_resource_accepts_changes_the_policy(string contentType, string patch)
    {
        await Client.PostAsync(Collection, new PolicyBuilder("split").Selecting("web").Weights(("big", 1)).Json());

        var (status, patched) = await Client.PatchAsync($"{Collection}/split?fieldManager=smo", patch, contentType);

        Assert.Equal(200, status);
        Assert.Equal(7, patched["spec"]!["priority"]!.GetValue<int>());
    }

    [Fact]
    public async Task Patch_with_a_strategic_merge_is_415_for_a_custom_resource()
    {
        await Client.PostAsync(Collection, new PolicyBuilder("split").Selecting("web").Weights(("big", 1)).Json());

        var (status, _) = await Client.PatchAsync($"{Collection}/split", """{"spec":{"priority":7}}""", "application/strategic-merge-patch+json");

        Assert.Equal(415, status);
    }

    [Fact]
    public async Task List_items_carry_kind_and_delete_removes_the_policy()
    {
        await Client.PostAsync(Collection, new PolicyBuilder("split").Selecting("web").Weights(("big", 1)).Json());

        var (_, list) = await Client.GetAsync(Collection);
        var (deleted, _) = await Client.SendAsync(HttpMethod.Delete, $"{Collection}/split");
        var (gone, missing) = await Client.GetAsync($"{Collection}/split");

        Assert.Equal("PropagationPolicyList", list["kind"]!.GetValue<string>());
        Assert.Equal("PropagationPolicy", Assert.Single(list["items"]!.AsArray())!["kind"]!.GetValue<string>());
        Assert.Equal((200, 404), (deleted, gone));
        Assert.Equal("propagationpolicies.policy.karmada.io \"split\" not found", missing["message"]!.GetValue<string>());
    }
}
