extern alias simulator;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using System.Text.Json;
using Smo.Functions.Graphs;
using Smo.Functions.Secrets;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// A descriptor's secret values (a password, a token, an API key in <c>valuesOverwrite</c>) never come back from the
/// API — neither in the service's values nor in the descriptor shown — and still reach Helm as given.
/// </summary>
public sealed class SecretRedactionTests
{
    private const string Graph = "shop-demo";
    private const string Password = "hunter2-db-password";
    private const string Token = "tok-9f8e7d6c";

    [Fact]
    public async Task Secret_values_are_redacted_in_the_graph_view_and_still_reach_helm()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        const string values = "          resources: { limits: { cpu: \"500m\" } }\n";
        Assert.Contains(values, ControlPlaneHost.ShopDemo, StringComparison.Ordinal);
        var descriptor = ControlPlaneHost.ShopDemo.Replace(values,
            values + $"          db: {{ host: db.local, dbPassword: {Password} }}\n          accessToken: {Token}\n          keyboardLayout: us\n",
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync("/project/shop/graphs", new StringContent(descriptor, Encoding.UTF8, "application/yaml"))).StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");

        var body = await host.Client.GetStringAsync($"/graphs/{Graph}");
        // The lists carry the descriptor and the services too, as the original's did.
        string[] lists = [await host.Client.GetStringAsync("/graphs"), await host.Client.GetStringAsync("/project/shop/graphs"), await host.Client.GetStringAsync("/graph/project/shop")];

        Assert.DoesNotContain(Password, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, body, StringComparison.Ordinal);
        Assert.All(lists, list => Assert.Contains($"\"dbPassword\":\"{SecretValues.Mask}\"", list, StringComparison.Ordinal));
        Assert.All(lists, list => Assert.DoesNotContain(Password, list, StringComparison.Ordinal));
        Assert.All(lists, list => Assert.DoesNotContain(Token, list, StringComparison.Ordinal));
        var web = JsonDocument.Parse(body).RootElement.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "shop-web");
        var shown = web.GetProperty("values_overwrite");
        Assert.Equal((SecretValues.Mask, SecretValues.Mask, "db.local", "us"), (shown.GetProperty("db").GetProperty("dbPassword").GetString(),
            shown.GetProperty("accessToken").GetString(), shown.GetProperty("db").GetProperty("host").GetString(), shown.GetProperty("keyboardLayout").GetString()));
        var released = host.Simulator.Simulation.Read(state => state.Releases[("shop", "shop-demo-shop-web")].Values.ToJsonString());
        Assert.Contains(Password, released, StringComparison.Ordinal);
        Assert.Contains(Token, released, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("password", true)]
    [InlineData("dbPassword", true)]
    [InlineData("DB_PASSWORD", true)]
    [InlineData("api_key", true)]
    [InlineData("apiKey", true)]
    [InlineData("APIKey", true)]
    [InlineData("accessToken", true)]
    [InlineData("client-secret", true)]
    [InlineData("sshKeys", true)]
    [InlineData("credentials", true)]
    [InlineData("keyboardLayout", false)]
    [InlineData("monkey", false)]
    [InlineData("replicas", false)]
    [InlineData("tokenizerModel", false)]
    [InlineData("licenseCode", true)]
    public void Secret_keys_are_recognised_by_a_word_of_their_name_or_the_setting(string key, bool secret)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"{SecretValues.ListedKeysSetting}:0"] = "licenseCode" }).Build();

        Assert.Equal(secret, new SecretValues(configuration).IsSecret(key));
    }
}
