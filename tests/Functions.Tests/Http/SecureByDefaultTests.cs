using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Smo.Functions.Http;
using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Http;

/// <summary>
/// Without keys the host is reachable from this machine only: it will not listen beyond loopback unless
/// <c>Smo:Auth:AllowAnonymous</c> says so, answers only Host headers that name loopback (DNS rebinding), and the
/// original's state-changing GET forms answer only with keys or the compatibility setting.
/// </summary>
public sealed class SecureByDefaultTests
{
    private const string AdminRoute = "/runtime/webhooks/durabletask/instances";

    [Theory]
    [InlineData("urls", "http://0.0.0.0:7071")]
    [InlineData("urls", "http://127.0.0.1:7071;http://*:7072")]
    [InlineData("urls", "http://smo.example.org:7071")]
    [InlineData("urls", "http://[::]:7071")]
    [InlineData("http_ports", "7071")]
    [InlineData("Kestrel__Endpoints__Public__Url", "http://+:7071")]
    public void A_keyless_host_that_would_listen_beyond_loopback_refuses_to_start_naming_the_setting(string setting, string value)
    {
        using var factory = new FunctionsHostFactory(values: new Dictionary<string, string> { [setting] = value });

        var failure = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(failure);
        var message = string.Join(" | ", Chain(failure).Select(e => e.Message));
        Assert.Contains(AuthOptions.AllowAnonymousSetting, message, StringComparison.Ordinal);
        Assert.Contains("Smo:Keys:Master", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7071")]
    [InlineData("http://localhost:7071;http://[::1]:7072")]
    public void A_keyless_host_on_loopback_starts(string urls)
    {
        using var factory = new FunctionsHostFactory(values: new Dictionary<string, string> { ["urls"] = urls });

        using var client = factory.CreateClient();

        Assert.Contains(factory.Logs, line => line.Contains("loopback only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Allow_anonymous_lets_a_keyless_host_listen_beyond_loopback_and_says_so_loudly()
    {
        using var factory = new FunctionsHostFactory(values: new Dictionary<string, string>
        {
            ["urls"] = "http://0.0.0.0:7071",
            ["Smo__Auth__AllowAnonymous"] = "true",
        });

        var response = await factory.CreateClient().GetAsync(AdminRoute);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(factory.Logs, line => line.StartsWith("SECURITY:", StringComparison.Ordinal) && line.Contains("0.0.0.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_with_keys_may_listen_beyond_loopback()
    {
        using var factory = new FunctionsHostFactory(values: new Dictionary<string, string>
        {
            ["urls"] = "http://0.0.0.0:7071",
            ["Smo__Keys__Master"] = FunctionsHostFactory.MasterKey,
        });

        var response = await factory.CreateClientWithKey(FunctionsHostFactory.MasterKey).GetAsync(AdminRoute);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("attacker.example", HttpStatusCode.BadRequest)]
    [InlineData("attacker.example:7071", HttpStatusCode.BadRequest)]
    [InlineData("localhost:7071", HttpStatusCode.OK)]
    [InlineData("127.0.0.1:7071", HttpStatusCode.OK)]
    [InlineData("[::1]:7071", HttpStatusCode.OK)]
    public async Task A_keyless_host_answers_only_host_names_of_loopback(string hostHeader, HttpStatusCode expected)
    {
        using var factory = new FunctionsHostFactory(keys: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, AdminRoute);
        request.Headers.Host = hostHeader;

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("smo.example.org", HttpStatusCode.OK)]
    [InlineData("localhost", HttpStatusCode.BadRequest)]
    public async Task Allowed_hosts_are_honoured(string hostHeader, HttpStatusCode expected)
    {
        using var factory = new FunctionsHostFactory(values: new Dictionary<string, string>
        {
            ["Smo__Keys__Master"] = FunctionsHostFactory.MasterKey,
            ["AllowedHosts"] = "smo.example.org",
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, AdminRoute);
        request.Headers.Host = hostHeader;
        request.Headers.Add(FunctionKeys.HeaderName, FunctionsHostFactory.MasterKey);

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData(FunctionsHostFactory.MasterKey, HttpStatusCode.OK)]
    [InlineData("wrong", HttpStatusCode.Unauthorized)]
    public async Task Keys_are_accepted_as_a_bearer_token(string key, HttpStatusCode expected)
    {
        using var factory = new FunctionsHostFactory();
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var response = await client.GetAsync(AdminRoute);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task The_key_required_problem_names_the_bearer_form()
    {
        using var factory = new FunctionsHostFactory();

        var problem = await (await factory.CreateClient().GetAsync(AdminRoute)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Contains("Authorization: Bearer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
