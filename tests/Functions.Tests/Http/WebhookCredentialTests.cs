using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Smo.Functions.Alerts;
using Smo.Functions.Http;
using Smo.Functions.Tests.Graphs;
using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Http;

/// <summary>
/// The Alertmanager webhook has a credential of its own: a bearer token as Alertmanager's <c>http_config.authorization</c>
/// sends it, or its own function key; the default key handed to API clients no longer opens it. A request that gets
/// past the credential names a graph that does not exist here, so it is a 200 with its alert skipped.
/// </summary>
public sealed class WebhookCredentialTests
{
    private const string Token = "alertmanager-token-for-tests";
    private const string OwnKey = "webhook-only-key";

    private static Dictionary<string, string> Keys(bool token = true, bool ownKey = false)
    {
        var values = new Dictionary<string, string>
        {
            ["Smo__Keys__Master"] = FunctionsHostFactory.MasterKey,
            ["Smo__Keys__Default"] = FunctionsHostFactory.DefaultKey,
        };
        if (token)
        {
            values["Smo__Alerts__WebhookToken"] = Token;
        }

        if (ownKey)
        {
            values[$"Smo__Keys__Functions__{WebhookCredential.FunctionName}"] = OwnKey;
        }

        return values;
    }

    [Theory]
    [InlineData("default-key", HttpStatusCode.Unauthorized)]
    [InlineData("no-credential", HttpStatusCode.Unauthorized)]
    [InlineData("wrong-bearer", HttpStatusCode.Unauthorized)]
    [InlineData("bearer-token", HttpStatusCode.OK)]
    [InlineData("master-key", HttpStatusCode.OK)]
    [InlineData("own-key", HttpStatusCode.OK)]
    public async Task With_keys_only_the_webhooks_own_credential_or_the_master_key_opens_it(string credential, HttpStatusCode expected)
    {
        await using var host = StoreHost.Start(Keys(ownKey: true));

        var response = await SendAsync(host, credential);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
            Assert.Contains(AlertWebhookOptions.WebhookTokenSetting, detail, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task With_keys_and_no_webhook_credential_the_default_key_no_longer_opens_it_and_the_host_says_so()
    {
        await using var host = StoreHost.Start(Keys(token: false));

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(host, "default-key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(host, "master-key")).StatusCode);
        Assert.Contains(host.Factory.Logs, line => line.Contains("Alertmanager webhook has no credential of its own", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_keyless_host_with_a_webhook_token_asks_for_it()
    {
        await using var host = StoreHost.Start(new Dictionary<string, string> { ["Smo__Alerts__WebhookToken"] = Token });

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(host, "no-credential")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(host, "bearer-token")).StatusCode);
    }

    [Fact]
    public async Task A_keyless_host_without_a_webhook_token_is_open_on_loopback()
    {
        await using var host = StoreHost.Start();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(host, "no-credential")).StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(StoreHost host, string credential)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/alerts")
        {
            Content = JsonContent.Create(Webhooks.Firing("no-such-graph", "some-alert", "some-service")),
        };
        switch (credential)
        {
            case "default-key":
                request.Headers.Add(FunctionKeys.HeaderName, FunctionsHostFactory.DefaultKey);
                break;
            case "master-key":
                request.Headers.Add(FunctionKeys.HeaderName, FunctionsHostFactory.MasterKey);
                break;
            case "own-key":
                request.Headers.Add(FunctionKeys.HeaderName, OwnKey);
                break;
            case "bearer-token":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
                break;
            case "wrong-bearer":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
                break;
        }

        return await host.Client.SendAsync(request);
    }
}
