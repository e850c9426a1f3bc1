using System.Text.Json.Nodes;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Kubernetes;

public sealed class DeploymentWireTests : SimulatorTest
{
    private const string Collection = "/apis/apps/v1/namespaces/demo/deployments";

    [Fact]
    public async Task Get_missing_deployment_is_the_exact_NotFound_Status()
    {
        var (status, body) = await Client.GetAsync($"{Collection}/web");

        Assert.Equal(404, status);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \"web\" not found","reason":"NotFound","details":{"name":"web","group":"apps","kind":"deployments"},"code":404}""",
            body.ToJsonString(Smo.Simulator.Kubernetes.WireJson.Options));
    }

    [Fact]
    public async Task Create_returns_201_with_server_metadata_and_defaults()
    {
        var (status, created) = await Client.PostAsync(Collection, new DeploymentBuilder("web").On("big").Json());

        Assert.Equal(201, status);
        var metadata = created["metadata"]!;
        Assert.Equal("demo", metadata["namespace"]!.GetValue<string>());
        Assert.True(Guid.TryParse(metadata["uid"]!.GetValue<string>(), out _));
        Assert.Equal(1, metadata["generation"]!.GetValue<long>());
        Assert.Equal("RollingUpdate", created["spec"]!["strategy"]!["type"]!.GetValue<string>());
        Assert.Equal(10, created["spec"]!["revisionHistoryLimit"]!.GetValue<long>());
    }

    [Fact]
    public async Task Create_existing_name_is_409_AlreadyExists()
    {
        await Client.PostAsync(Collection, new DeploymentBuilder("web").Json());

        var (status, body) = await Client.PostAsync(Collection, new DeploymentBuilder("web").Json());

        Assert.Equal(409, status);
        Assert.Equal("AlreadyExists", body["reason"]!.GetValue<string>());
        Assert.Equal("deployments.apps \"web\" already exists", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_in_a_missing_namespace_is_404_for_the_namespace()
    {
        var (status, body) = await Client.PostAsync("/apis/apps/v1/namespaces/ghost/deployments",
            new DeploymentBuilder("web").InNamespace("ghost").Json());

        Assert.Equal(404, status);
        Assert.Equal("namespaces \"ghost\" not found", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_with_negative_replicas_is_422_Invalid_with_a_field_cause()
    {
        var (status, body) = await Client.PostAsync(Collection, new DeploymentBuilder("web").Replicas(-1).Json());

        Assert.Equal(422, status);
        Assert.Equal("Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            body["message"]!.GetValue<string>());
        var cause = body["details"]!["causes"]![0]!;
        Assert.Equal("FieldValueInvalid", cause["reason"]!.GetValue<string>());
        Assert.Equal("spec.replicas", cause["field"]!.GetValue<string>());
        Assert.Equal("Deployment", body["details"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_with_a_malformed_quantity_is_400()
    {
        var (status, body) = await Client.PostAsync(Collection, new DeploymentBuilder("web").Cpu("abc").Json());

        Assert.Equal(400, status);
        Assert.Equal("BadRequest", body["reason"]!.GetValue<string>());
        Assert.Contains("quantities must match the regular expression", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_counters_are_omitted_while_zero_and_appear_when_pods_are_ready()
    {
        await Client.PostAsync(Collection, new DeploymentBuilder("web").On("big").Replicas(2).Json());

        var (_, starting) = await Client.GetAsync($"{Collection}/web");
        await Client.AdvanceAsync(6);
        var (_, ready) = await Client.GetAsync($"{Collection}/web");

        var before = starting["status"]!.AsObject();
        Assert.False(before.ContainsKey("readyReplicas"));
        Assert.False(before.ContainsKey("availableReplicas"));
        Assert.Equal(2, before["unavailableReplicas"]!.GetValue<long>());
        var after = ready["status"]!.AsObject();
        Assert.Equal(2, after["readyReplicas"]!.GetValue<long>());
        Assert.Equal(2, after["availableReplicas"]!.GetValue<long>());
        Assert.False(after.ContainsKey("unavailableReplicas"));
        Assert.Equal("NewReplicaSetAvailable", after["conditions"]![1]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replace_with_a_stale_resourceVersion_is_409_Conflict()
    {
        var (_, created) = await Client.PostAsync(Collection, new DeploymentBuilder("web").Json());
        var stale = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        await Client.PatchAsync($"{Collection}/web", """{"spec":{"replicas":3}}""", "application/merge-patch+json");
        created["metadata"]!["resourceVersion"] = stale;

        var (status, body) = await Client.PutAsync($"{Collection}/web", created.ToJsonString());

        Assert.Equal(409, status);
        Assert.Equal("Conflict", body["reason"]!.GetValue<string>());
        Assert.Equal("Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replace_without_resourceVersion_overwrites_a_deployment_and_bumps_generation()
    {
        await Client.PostAsync(Collection, new DeploymentBuilder("web").Json());

        var (status, replaced) = await Client.PutAsync($"{Collection}/web", new DeploymentBuilder("web").Replicas(4).Json());

        Assert.Equal(200, status);
        Assert.Equal(4, replaced["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(2, replaced["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Replace_of_a_missing_deployment_is_404()
    {
        var (status, _) = await Client.PutAsync($"{Collection}/web", new DeploymentBuilder("web").Json());

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task Replace_with_another_name_in_the_body_is_400()
    {
        await Client.PostAsync(Collection, new DeploymentBuilder("web").Json());

        var (status, body) = await Client.PutAsync($"{Collection}/web", new DeploymentBuilder("api").Json());

        Assert.Equal(400, status);
        Assert.Equal("the name of the object (api) does not match the name on the URL (web)", body["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task Patch_with_a_non_patch_content_type_is_415_listing_the_accepted_types(string contentType)
    {
        await Client.PostAsync(Collection, new DeploymentBuilder("web").Json());

        var (status, body) = await Client.PatchAsync($"{Collection}/web", """{"spec":{"replicas":3}}""", contentType);

        Assert.Equal(415, status);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml",
            body["message"]!.GetValue<string>());
        Assert.False(body.ContainsKey("details"));
    }

    [Theory]
    [InlineData("application/merge-patch+json; charset=utf-8", """{"spec":{"replicas":3}}""")]
    [InlineData("application/strategic-merge-patch+json", """{"spec":{"replicas":3}}""")]
    [InlineData("application/json-patch+json", """[{"op":"replace","path":"/spec/replicas","value":3}]""")]
    public async Task Patch_of_each_accepted_kind_changes_the_deployment(string contentType, string patch)
    {
        await Client.PostAsync(Collection, new DeploymentBuilder("web").Json());

        var (status, patched) = await Client.PatchAsync($"{Collection}/web", patch, contentType);

        Assert.Equal(200, status);
        Assert.Equal(3, patched["spec"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public async Task Apply_patch_without_fieldManager_is_422()
    {
        await Client.PostAsync(Collection, new DeploymentBuilder("web").Json());

        var (status, body) = await Client.PatchAsync($"{Collection}/web", "spec:\n  replicas: 3\n", "application/apply-patch+yaml");

        Assert.Equal(422, status);
        Assert.Contains("fieldManager: Required value", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Scale_shows_the_deployment_with_only_the_scale_metadata_and_empty_spec_at_zero()
    {
        await Client.PostAsync(Collection, new DeploymentBuilder("web").Replicas(0).Json());

        var (status, scale) = await Client.GetAsync($"{Collection}/web/scale");

        Assert.Equal(200, status);
        Assert.Equal("Scale", scale["kind"]!.GetValue<string>());
        Assert.Equal("autoscaling/v1", scale["apiVersion"]!.GetValue<string>());
        Assert.Equal(["name", "namespace", "uid", "resourceVersion", "creationTimestamp"], scale["metadata"]!.AsObject().Select(p => p.Key));
        Assert.Empty(scale["spec"]!.AsObject());
        Assert.Equal(0, scale["status"]!["replicas"]!.GetValue<long>());
        Assert.Equal("app=web", scale["status"]!["selector"]!.GetValue<string>());
    }

    [Fact]
    public async Task Scale_patch_sets_the_deployment_replicas()
    {
        var (_, created) = await Client.PostAsync(Collection, new DeploymentBuilder("web").Json());

        var (status, scale) = await Client.PatchAsync($"{Collection}/web/scale", """{"spec":{"replicas":4}}""", "application/merge-patch+json");
        var (_, deployment) = await Client.GetAsync($"{Collection}/web");

        Assert.Equal(200, status);
        Assert.Equal(4, scale["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(4, deployment["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(2, deployment["metadata"]!["generation"]!.GetValue<long>());
        Assert.True(long.Parse(scale["metadata"]!["resourceVersion"]!.GetValue<string>())
            > long.Parse(created["metadata"]!["resourceVersion"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Scale_to_a_negative_count_is_422_on_Scale_autoscaling()
    {
        await Client.PostAsync(Collection, new DeploymentBuilder("web").Json());

        var (status, body) = await Client.PatchAsync($"{Collection}/web/scale", """{"spec":{"replicas":-1}}""", "application/merge-patch+json");

        Assert.Equal(422, status);
        Assert.Equal("Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Scale_replace_with_a_stale_resourceVersion_is_409_on_deployments()
    {
        await Client.PostAsync(Collection, new DeploymentBuilder("web").Json());
        var (_, scale) = await Client.GetAsync($"{Collection}/web/scale");
        await Client.PatchAsync($"{Collection}/web/scale", """{"spec":{"replicas":2}}""", "application/merge-patch+json");
        scale["spec"] = new JsonObject { ["replicas"] = 5 };

        var (status, body) = await Client.PutAsync($"{Collection}/web/scale", scale.ToJsonString());

        Assert.Equal(409, status);
        Assert.StartsWith("Operation cannot be fulfilled on deployments.apps \"web\"", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Scale_of_a_missing_deployment_is_404()
    {
        var (status, body) = await Client.GetAsync($"{Collection}/web/scale");

        Assert.Equal(404, status);
        Assert.Equal("deployments.apps \"web\" not found", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_answers_a_Success_Status_and_the_deployment_is_gone()
    {
        await Client.PostAsync(Collection, new DeploymentBuilder("web").Json());

        var (status, body) = await Client.SendAsync(HttpMethod.Delete, $"{Collection}/web");
        var (after, _) = await Client.GetAsync($"{Collection}/web");

        Assert.Equal(200, status);
        Assert.Equal("Success", body["status"]!.GetValue<string>());
        Assert.Equal("deployments", body["details"]!["kind"]!.GetValue<string>());
        Assert.Equal(404, after);
    }

    [Fact]
    public async Task List_items_of_a_built_in_type_carry_no_kind_and_selectors_filter()
    {
        await Client.PostAsync(Collection, new DeploymentBuilder("web").Json());
        await Client.PostAsync(Collection, new DeploymentBuilder("api").Json());

        var (_, all) = await Client.GetAsync(Collection);
        var (_, selected) = await Client.GetAsync($"{Collection}?labelSelector=app%3Dweb");

        Assert.Equal("DeploymentList", all["kind"]!.GetValue<string>());
        Assert.Equal(2, all["items"]!.AsArray().Count);
        Assert.False(all["items"]![0]!.AsObject().ContainsKey("kind"));
        Assert.Equal("web", Assert.Single(selected["items"]!.AsArray())!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_resource_is_404_not_found_requested_resource()
    {
        var (status, body) = await Client.GetAsync("/apis/apps/v1/namespaces/demo/statefulsets");

        Assert.Equal(404, status);
        Assert.Equal("the server could not find the requested resource", body["message"]!.GetValue<string>());
    }
}
