using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Smo.Functions.Http;
using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Http;

/// <summary>
/// The original SMO's GET forms of placement, start and stop change state, and a web page can make a browser send a
/// GET: they answer only where a key must be presented or the compatibility setting asks for them. No graph exists
/// here, so a request that gets past the method check is a 404.
/// </summary>
public sealed class CommandMethodTests
{
    [Theory]
    [InlineData("/graphs/nope/start")]
    [InlineData("/graphs/nope/stop")]
    [InlineData("/graphs/nope/placement")]
    public async Task Without_keys_a_state_changing_get_is_405_pointing_to_post(string path)
    {
        await using var host = StoreHost.Start();

        var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", string.Join(",", response.Content.Headers.Allow));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(CompatibilityOptions.GetCommandsSetting, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsync(path, null)).StatusCode);
    }

    [Fact]
    public async Task A_what_if_by_get_changes_nothing_and_always_answers()
    {
        await using var host = StoreHost.Start();

        var response = await host.Client.GetAsync("/graphs/nope/placement?dryRun=true");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_compatibility_setting_serves_the_get_forms_without_keys()
    {
        await using var host = StoreHost.Start(new Dictionary<string, string> { ["Smo__Compatibility__GetCommands"] = "true" });

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/graphs/nope/start")).StatusCode);
    }

    [Fact]
    public async Task With_keys_the_get_forms_answer_to_a_caller_with_a_key()
    {
        await using var host = StoreHost.Start(new Dictionary<string, string> { ["Smo__Keys__Default"] = FunctionsHostFactory.DefaultKey });
        using var client = host.Factory.CreateClientWithKey(FunctionsHostFactory.DefaultKey);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/graphs/nope/stop")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.GetAsync("/graphs/nope/stop")).StatusCode);
    }
}
