using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;

namespace Smo.Functions.Tests.Nfvcl;

public sealed class NfvclUnavailableTests
{
    [Theory]
    [InlineData("GET", "/os_k8s/clusters")]
    [InlineData("POST", "/os_k8s/sync/nfvcl_k8s")]
    [InlineData("DELETE", "/os_k8s/cluster/OS_K8S_1_abcde")]
    [InlineData("GET", "/vims/smo_vims")]
    [InlineData("GET", "/vims/sync/nfvcl_vims")]
    public async Task Routes_answer_503_naming_the_setting_when_nfvcl_is_not_configured(string method, string path)
    {
        await using var host = NfvclHost.Start(nfvcl: null);

        var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Smo:Nfvcl:BaseUrl", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/vims/sync/nfvcl_vims", "POST")]
    [InlineData("/os_k8s/sync/nfvcl_k8s?pop_area=1", "POST")]
    public async Task A_call_to_nfvcl_that_cannot_connect_is_a_502_with_the_adapters_reason(string path, string method)
    {
        await using var host = NfvclHost.Start(new Uri($"http://127.0.0.1:{ClosedPort()}/"));

        var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.StartsWith("NFVCL:", detail);
        Assert.Contains("failed", detail);
    }

    [Fact]
    public async Task Registering_a_vim_while_nfvcl_is_down_stores_nothing()
    {
        await using var host = NfvclHost.Start(new Uri($"http://127.0.0.1:{ClosedPort()}/"));

        var response = await host.Client.PostAsJsonAsync("/vims/smo_vims", NfvclHost.VimBody());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("", await host.StoredVimRowsAsync());
    }

    /// <summary>A port nothing listens on: bound, read, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
