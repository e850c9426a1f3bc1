using System.Text.Json.Nodes;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Kubernetes;

public sealed class PrometheusRuleWireTests : SimulatorTest
{
    private const string Collection = "/apis/monitoring.coreos.com/v1/namespaces/monitoring/prometheusrules";
    private const string Seeded = Collection + "/kube-prometheus-stack-0";

    [Fact]
    public async Task List_items_of_a_custom_resource_carry_kind_and_apiVersion()
    {
        var (_, list) = await Client.GetAsync(Collection);

        var item = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal("PrometheusRuleList", list["kind"]!.GetValue<string>());
        Assert.Equal("PrometheusRule", item["kind"]!.GetValue<string>());
        Assert.Equal("monitoring.coreos.com/v1", item["apiVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_with_a_uid_precondition_that_does_not_hold_is_409_and_deletes_nothing()
    {
        var (_, rule) = await Client.GetAsync(Seeded);
        var uid = rule["metadata"]!["uid"]!.GetValue<string>();

        var (refused, body) = await Client.SendAsync(HttpMethod.Delete, Seeded, """{"preconditions":{"uid":"not-the-uid"}}""");
        var (stillThere, _) = await Client.GetAsync(Seeded);
        var (deleted, _) = await Client.SendAsync(HttpMethod.Delete, Seeded, new JsonObject { ["preconditions"] = new JsonObject { ["uid"] = uid } }.ToJsonString());
        var (gone, _) = await Client.GetAsync(Seeded);

        Assert.Equal(409, refused);
        Assert.Equal($"Operation cannot be fulfilled on prometheusrules.monitoring.coreos.com \"kube-prometheus-stack-0\": Precondition failed: UID in precondition: not-the-uid, UID in object meta: {uid}",
            body["message"]!.GetValue<string>());
        Assert.Equal((200, 200, 404), (stillThere, deleted, gone));
    }

    [Fact]
    public async Task Replace_without_resourceVersion_is_422_must_be_specified()
    {
        var (_, rule) = await Client.GetAsync(Seeded);
        rule["metadata"]!.AsObject().Remove("resourceVersion");

        var (status, body) = await Client.PutAsync(Seeded, rule.ToJsonString());

        Assert.Equal(422, status);
        Assert.Equal("prometheusrules.monitoring.coreos.com \"kube-prometheus-stack-0\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replace_with_a_stale_resourceVersion_is_409_and_with_the_current_one_succeeds()
    {
        var (_, first) = await Client.GetAsync(Seeded);
        var (_, second) = await Client.GetAsync(Seeded);
        AddAlert(first, "cpu-high");
        AddAlert(second, "cpu-low");

        var (okStatus, replaced) = await Client.PutAsync(Seeded, first.ToJsonString());
        var (conflictStatus, conflict) = await Client.PutAsync(Seeded, second.ToJsonString());

        Assert.Equal(200, okStatus);
        Assert.NotEqual(first["metadata"]!["resourceVersion"]!.GetValue<string>(), replaced["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(2, replaced["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(409, conflictStatus);
        Assert.StartsWith("Operation cannot be fulfilled on prometheusrules.monitoring.coreos.com", conflict["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Strategic_merge_patch_is_415_for_a_custom_resource()
    {
        var (status, body) = await Client.PatchAsync(Seeded, """{"metadata":{"labels":{"a":"b"}}}""", "application/strategic-merge-patch+json");

        Assert.Equal(415, status);
        Assert.EndsWith("accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Json_patch_appends_a_rule()
    {
        var (status, patched) = await Client.PatchAsync(Seeded,
            """[{"op":"add","path":"/spec/groups/0/rules/-","value":{"alert":"a","expr":"up == 0","for":"30s"}}]""",
            "application/json-patch+json");

        Assert.Equal(200, status);
        Assert.Equal("a", patched["spec"]!["groups"]![0]!["rules"]![0]!["alert"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"groups":[{"name":"a"},{"name":"a"}]}""", "spec.groups[1]", "FieldValueDuplicate")]
    [InlineData("""{"groups":[{"rules":[]}]}""", "spec.groups[0].name", "FieldValueRequired")]
    [InlineData("""{"groups":[{"name":"a","rules":[{"alert":"x"}]}]}""", "spec.groups[0].rules[0].expr", "FieldValueRequired")]
    [InlineData("""{"groups":[{"name":"a","rules":[{"alert":"x","expr":"up","for":"30 seconds"}]}]}""", "spec.groups[0].rules[0].for", "FieldValueInvalid")]
    [InlineData("""{"groups":[{"name":"a","rules":[{"alert":"x","record":"y","expr":"up"}]}]}""", "spec.groups[0].rules[0]", "FieldValueInvalid")]
    public async Task Create_of_an_invalid_rule_is_422_naming_the_field(string spec, string field, string reason)
    {
        var rule = $$"""{"apiVersion":"monitoring.coreos.com/v1","kind":"PrometheusRule","metadata":{"name":"bad"},"spec":{{spec}}}""";

        var (status, body) = await Client.PostAsync(Collection, rule);

        Assert.Equal(422, status);
        var cause = Assert.Single(body["details"]!["causes"]!.AsArray())!;
        Assert.Equal(field, cause["field"]!.GetValue<string>());
        Assert.Equal(reason, cause["reason"]!.GetValue<string>());
        Assert.StartsWith("PrometheusRule.monitoring.coreos.com \"bad\" is invalid: ", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_with_a_wrong_apiVersion_is_400()
    {
        var (status, body) = await Client.PostAsync(Collection,
            """{"apiVersion":"monitoring.coreos.com/v2","kind":"PrometheusRule","metadata":{"name":"x"},"spec":{}}""");

        Assert.Equal(400, status);
        Assert.Equal("the API version in the data (monitoring.coreos.com/v2) does not match the expected API version (monitoring.coreos.com/v1)",
            body["message"]!.GetValue<string>());
    }

    private static void AddAlert(JsonObject rule, string name) =>
        rule["spec"]!["groups"]![0]!["rules"]!.AsArray().Add(new JsonObject { ["alert"] = name, ["expr"] = "up == 0" });
}
