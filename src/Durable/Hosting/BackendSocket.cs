using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Smo.Durable.Dispatch;
using Microsoft.Extensions.Options;

namespace Smo.Durable.Hosting;

/// <summary>
/// The host-private Unix socket the backend serves the protocol on, and the gRPC channel the host's own worker and
/// client use to reach it: no TCP port to collide with, nothing reachable from outside the machine.
/// </summary>
public sealed class BackendSocket : IDisposable
{
    private readonly Lazy<GrpcChannel> _channel;
    private readonly Lazy<CallInvoker> _ownHub;

    public BackendSocket(IOptions<DurableBackendOptions> options)
    {
        var settings = options.Value;
        Path = settings.SocketPath ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"smo-durable-{Guid.NewGuid():N}.sock");
        _channel = new Lazy<GrpcChannel>(() => GrpcChannel.ForAddress("http://durable-backend", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = ConnectAsync,
                EnableMultipleHttp2Connections = true,
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            },
            MaxReceiveMessageSize = settings.MaxMessageBytes,
            MaxSendMessageSize = settings.MaxMessageBytes,
        }));
        _ownHub = new Lazy<CallInvoker>(() => Channel.Intercept(metadata =>
        {
            metadata.Add(TaskHubs.Header, settings.HubName);
            return metadata;
        }));
    }

    public string Path { get; }

    public GrpcChannel Channel => _channel.Value;

    /// <summary>Calls on <see cref="Channel"/> naming the host's own hub in the <c>taskhub</c> header.</summary>
    public CallInvoker OwnHub => _ownHub.Value;

    public void Dispose()
    {
        if (_channel.IsValueCreated)
        {
            _channel.Value.Dispose();
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(Path), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
