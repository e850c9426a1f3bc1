using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Smo.Adapters.Tests.Infrastructure;

/// <summary>A real HTTP server on a free loopback port, standing in for a system that cannot run here.</summary>
public sealed class InTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InTestServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>host:port, as registry references name a registry.</summary>
    public string Authority => BaseUrl.Authority;

    public static Task<InTestServer> StartAsync(Action<WebApplication> map) => StartAsync("http://127.0.0.1:0", map);

    public static async Task<InTestServer> StartAsync(string url, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InTestServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
