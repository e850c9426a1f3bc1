using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smo.Durable.Grpc;

namespace Smo.Durable.Hosting;

/// <summary>
/// Serves the Durable Task protocol with a Kestrel server of its own (HTTP/2 only, as gRPC without TLS needs), apart
/// from whatever HTTP API the host runs: on a private loopback port the system hands out, and on <see cref="DurableBackendOptions.GrpcEndpoint"/> when set.
/// </summary>
internal sealed partial class DurableBackendServer(
    TaskHubSidecar sidecar,
    BackendEndpoint endpoint,
    IOptions<DurableBackendOptions> options,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<DurableBackendServer>();
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        ListenOptions? privateListener = null;
        // Built outside the caller's execution context: a host being built is announced process-wide, and a test
        // framework waiting for its own application's host (WebApplicationFactory) in the caller's context would
        // take this one for it and swap its server for a test server.
        Task<WebApplication> building;
        using (ExecutionContext.SuppressFlow())
        {
            building = Task.Run(() => Build(settings, listen => privateListener = listen), CancellationToken.None);
        }

        _app = await building;
        await _app.StartAsync(cancellationToken);
        // Kestrel writes the port the system handed out back into the listener's options when it binds.
        var port = ((IPEndPoint)privateListener!.EndPoint).Port;
        endpoint.Listening(port);
        LogServing(port, settings.GrpcEndpoint ?? "none", settings.HubName);
    }

    private WebApplication Build(DurableBackendOptions settings, Action<ListenOptions> privateListening)
    {
        // Empty: no configuration files or environment (no file watchers, no ASPNETCORE_URLS), only what is set here.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        // Kestrel's and gRPC's own logs reach the host's loggers from Warning up: per-call logs stay off the hot path.
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddProvider(new ForwardingLoggerProvider(loggerFactory));
        builder.Services.AddSingleton(sidecar);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = settings.MaxMessageBytes;
            grpc.MaxSendMessageSize = settings.MaxMessageBytes;
            grpc.EnableDetailedErrors = false; // exceptions never reach a caller with their stack
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                privateListening(listen);
            });
            if (settings.GrpcEndpoint is { } shared)
            {
                kestrel.Listen(IPEndPoint.Parse(shared), listen => listen.Protocols = HttpProtocols.Http2);
            }
        });
        var app = builder.Build();
        app.MapGrpcService<TaskHubSidecar>();
        return app;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }

    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [LoggerMessage(LogLevel.Information, "Durable backend serving the Durable Task protocol on 127.0.0.1:{Port} (private) and {Endpoint} (shared) for task hub {Hub}")]
    private partial void LogServing(int port, string endpoint, string hub);
}
