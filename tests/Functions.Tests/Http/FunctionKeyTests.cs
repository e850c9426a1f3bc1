using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Http;

public sealed class FunctionKeyTests : IClassFixture<FunctionKeyTests.Host>
{
    private const string AdminRoute = "/runtime/webhooks/durabletask/instances";
    private const string FunctionRoute = "/samples/hello-cities";
    private readonly FunctionsHostFactory _factory;

    public FunctionKeyTests(Host host) => _factory = host.Factory;

    public sealed class Host : IDisposable
    {
        public FunctionsHostFactory Factory { get; } = new(values: new Dictionary<string, string>
        {
            ["Smo__Keys__Master"] = FunctionsHostFactory.MasterKey,
            ["Smo__Keys__Default"] = FunctionsHostFactory.DefaultKey,
            ["Smo__Keys__Functions__HelloCities_HttpStart"] = "only-hello",
        });

        public void Dispose() => Factory.Dispose();
    }

    [Fact]
    public async Task Health_is_anonymous_and_reports_the_durable_store()
    {
        var response = await _factory.CreateClient().GetAsync("/health");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("durable-store", body.GetProperty("checks")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Admin_route_without_a_key_is_401_problem_json_naming_where_to_put_the_key()
    {
        var response = await _factory.CreateClient().GetAsync(AdminRoute);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("x-functions-key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FunctionsHostFactory.MasterKey, HttpStatusCode.OK)]
    [InlineData(FunctionsHostFactory.DefaultKey, HttpStatusCode.Unauthorized)]
    [InlineData("only-hello", HttpStatusCode.Unauthorized)]
    [InlineData("wrong", HttpStatusCode.Unauthorized)]
    public async Task Admin_route_accepts_only_the_master_key(string key, HttpStatusCode expected)
    {
        var response = await _factory.CreateClientWithKey(key).GetAsync(AdminRoute);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData(FunctionsHostFactory.MasterKey, HttpStatusCode.Accepted)]
    [InlineData(FunctionsHostFactory.DefaultKey, HttpStatusCode.Accepted)]
    [InlineData("only-hello", HttpStatusCode.Accepted)]
    [InlineData("wrong", HttpStatusCode.Unauthorized)]
    public async Task Function_route_accepts_master_default_and_its_own_key(string key, HttpStatusCode expected)
    {
        var response = await _factory.CreateClientWithKey(key).PostAsync(FunctionRoute, null);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Key_is_also_accepted_in_the_code_query_parameter()
    {
        var response = await _factory.CreateClient().GetAsync($"{AdminRoute}?code={FunctionsHostFactory.MasterKey}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Rejected_request_changes_nothing()
    {
        var admin = _factory.CreateClientWithKey(FunctionsHostFactory.MasterKey);
        var before = (await admin.GetFromJsonAsync<JsonElement[]>(AdminRoute))!.Length;

        await _factory.CreateClientWithKey("wrong").PostAsync(FunctionRoute, null);
        var after = (await admin.GetFromJsonAsync<JsonElement[]>(AdminRoute))!.Length;

        Assert.Equal(before, after);
    }
}
