using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes.Patching;

namespace Smo.Simulator.Tests.Kubernetes;

public sealed class PatchTests
{
    private static readonly JsonObject Deployment = JsonNode.Parse("""
        {"spec":{"replicas":1,"template":{"spec":{"containers":[
          {"name":"app","image":"app:1","env":[{"name":"A","value":"1"}]},
          {"name":"sidecar","image":"proxy:1"}]}}}}
        """)!.AsObject();

    [Fact]
    public void Merge_patch_merges_objects_deletes_nulls_and_replaces_lists()
    {
        var patched = JsonMergePatch.Apply(Deployment, JsonNode.Parse("""{"spec":{"replicas":null,"template":{"spec":{"containers":[{"name":"only"}]}}}}"""))!;

        Assert.False(patched["spec"]!.AsObject().ContainsKey("replicas"));
        Assert.Equal("only", Assert.Single(patched["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Strategic_merge_patch_merges_containers_by_name()
    {
        var patched = StrategicMergePatch.Apply(Deployment, JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:2"}]}}}}"""))!;

        var containers = patched["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(2, containers.Count);
        Assert.Equal("app:2", containers[0]!["image"]!.GetValue<string>());
        Assert.Equal("A", containers[0]!["env"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("proxy:1", containers[1]!["image"]!.GetValue<string>());
    }

    [Fact]
    public void Strategic_merge_patch_deletes_a_list_element_by_directive()
    {
        var patched = StrategicMergePatch.Apply(Deployment, JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}"""))!;

        Assert.Equal("app", Assert.Single(patched["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Json_patch_applies_operations_in_order()
    {
        var patch = JsonNode.Parse("""
            [{"op":"test","path":"/spec/replicas","value":1},
             {"op":"replace","path":"/spec/replicas","value":3},
             {"op":"copy","from":"/spec/replicas","path":"/spec/copied"},
             {"op":"remove","path":"/spec/template/spec/containers/1"},
             {"op":"add","path":"/spec/template/spec/containers/-","value":{"name":"new"}}]
            """)!;

        var patched = JsonPatch.Apply(Deployment, patch);

        Assert.Equal(3, patched["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(3, patched["spec"]!["copied"]!.GetValue<int>());
        Assert.Equal(["app", "new"], patched["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void Json_patch_failing_test_is_not_malformed_but_unprocessable()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(Deployment, JsonNode.Parse("""[{"op":"test","path":"/spec/replicas","value":2}]""")!));

        Assert.False(error.Malformed);
        Assert.Equal("testing value /spec/replicas failed", error.Message);
    }

    [Fact]
    public void Json_patch_that_is_not_an_array_is_malformed()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(Deployment, JsonNode.Parse("""{"op":"add"}""")!));

        Assert.True(error.Malformed);
    }

    [Fact]
    public void Json_patch_does_not_change_its_input()
    {
        JsonPatch.Apply(Deployment, JsonNode.Parse("""[{"op":"replace","path":"/spec/replicas","value":9}]""")!);

        Assert.Equal(1, Deployment["spec"]!["replicas"]!.GetValue<int>());
    }
}
