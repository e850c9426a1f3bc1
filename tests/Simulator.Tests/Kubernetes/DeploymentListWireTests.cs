using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Kubernetes;

/// <summary>
/// The Deployment list as kube-apiserver serves it (one call reads a whole namespace) and the list requests it refuses,
/// with its statuses and messages: malformed parameters and selectors 400, invalid list options 422, unknown fields 400.
/// </summary>
public sealed class DeploymentListWireTests : SimulatorTest
{
    private const string Collection = "/apis/apps/v1/namespaces/demo/deployments";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Client.PostAsync(Collection, new DeploymentBuilder("web").On("big").Json());
        await Client.PostAsync(Collection, new DeploymentBuilder("api").On("big").Replicas(2).Json());
    }

    [Fact]
    public async Task List_is_a_DeploymentList_with_the_stores_resourceVersion_and_items_without_kind()
    {
        var (status, list) = await Client.GetAsync(Collection);

        Assert.Equal(200, status);
        Assert.Equal(["kind", "apiVersion", "metadata", "items"], list.Select(p => p.Key));
        Assert.Equal("DeploymentList", list["kind"]!.GetValue<string>());
        Assert.Equal("apps/v1", list["apiVersion"]!.GetValue<string>());
        Assert.Equal(["resourceVersion"], list["metadata"]!.AsObject().Select(p => p.Key));
        var items = list["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(["api", "web"], items.Select(i => i["metadata"]!["name"]!.GetValue<string>()));
        Assert.All(items, i => Assert.False(i.ContainsKey("kind") || i.ContainsKey("apiVersion")));
        Assert.Equal(2, items[0]["spec"]!["replicas"]!.GetValue<long>());
        Assert.True(items[0].ContainsKey("status"));
        var listVersion = long.Parse(list["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.All(items, i => Assert.True(long.Parse(i["metadata"]!["resourceVersion"]!.GetValue<string>()) <= listVersion));
    }

    [Fact]
    public async Task List_of_a_namespace_that_does_not_exist_is_an_empty_list_not_404()
    {
        var (status, list) = await Client.GetAsync("/apis/apps/v1/namespaces/ghost/deployments");

        Assert.Equal(200, status);
        Assert.Equal("DeploymentList", list["kind"]!.GetValue<string>());
        Assert.Empty(list["items"]!.AsArray());
    }

    [Theory]
    [InlineData("metadata.name=web", new[] { "web" })]
    [InlineData("metadata.name==web", new[] { "web" })]
    [InlineData("metadata.name!=web", new[] { "api" })]
    [InlineData("metadata.namespace=demo,metadata.name=api", new[] { "api" })]
    [InlineData("metadata.namespace=other", new string[0])]
    [InlineData("", new[] { "api", "web" })]
    public async Task List_with_a_field_selector_on_name_or_namespace_filters_the_items(string selector, string[] names)
    {
        var (status, list) = await Client.GetAsync($"{Collection}?fieldSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(200, status);
        Assert.Equal(names, list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("spec.replicas=2", "\"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")]
    [InlineData("status.replicas=1,metadata.name=web", "\"status.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")]
    [InlineData("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'")]
    [InlineData("metadata.name=a=b", "invalid field selector: unescaped character in value: 61")]
    [InlineData(@"metadata.name=a\x", @"invalid field selector: invalid escape sequence: \x")]
    public async Task List_with_a_field_selector_the_apiserver_cannot_use_is_400(string selector, string message)
    {
        var (status, body) = await Client.GetAsync($"{Collection}?fieldSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(400, status);
        Assert.Equal("BadRequest", body["reason"]!.GetValue<string>());
        Assert.Equal(message, body["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("resourceVersionMatch=NotOlderThan",
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")]
    [InlineData("resourceVersion=0&resourceVersionMatch=Newest",
        "resourceVersionMatch: Unsupported value: \"Newest\": supported values: \"Exact\", \"NotOlderThan\", \"\"")]
    [InlineData("resourceVersion=0&resourceVersionMatch=Exact",
        "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]
    [InlineData("sendInitialEvents=true", "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list")]
    public async Task List_with_list_options_the_apiserver_forbids_is_422_on_ListOptions(string query, string error)
    {
        var (status, body) = await Client.GetAsync($"{Collection}?{query}");

        Assert.Equal(422, status);
        Assert.Equal("Invalid", body["reason"]!.GetValue<string>());
        Assert.Equal($"ListOptions.meta.k8s.io \"\" is invalid: {error}", body["message"]!.GetValue<string>());
        var details = body["details"]!.AsObject();
        Assert.Equal("meta.k8s.io", details["group"]!.GetValue<string>());
        Assert.Equal("ListOptions", details["kind"]!.GetValue<string>());
        Assert.False(details.ContainsKey("name"));
    }

    [Theory]
    [InlineData("limit=ten", "strconv.ParseInt: parsing \"ten\": invalid syntax")]
    [InlineData("sendInitialEvents=maybe", "strconv.ParseBool: parsing \"maybe\": invalid syntax")]
    public async Task List_with_a_parameter_that_does_not_decode_is_400(string query, string message)
    {
        var (status, body) = await Client.GetAsync($"{Collection}?{query}");

        Assert.Equal(400, status);
        Assert.Equal(message, body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_with_a_limit_answers_every_item_and_no_continue_token_as_a_server_may()
    {
        var (status, list) = await Client.GetAsync($"{Collection}?limit=1");

        Assert.Equal(200, status);
        Assert.Equal(2, list["items"]!.AsArray().Count);
        Assert.False(list["metadata"]!.AsObject().ContainsKey("continue"));
    }

    [Theory]
    [InlineData("continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ", "invalid continue token: continue key is not valid: this server issued no continue token")]
    [InlineData("continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ&resourceVersion=1042", "specifying resource version is not allowed when using continue")]
    public async Task List_with_a_continue_token_is_400_as_the_twin_never_issues_one(string query, string message)
    {
        var (status, body) = await Client.GetAsync($"{Collection}?{query}");

        Assert.Equal(400, status);
        Assert.Equal(message, body["message"]!.GetValue<string>());
    }
}
