using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using Smo.Durable.Dispatch;

namespace Smo.Durable.Hosting;

/// <summary>
/// Where the host's own client (and a gRPC worker, when one is used) reaches the backend: a loopback port the
/// system hands out when the protocol server starts, so nothing collides and nothing is reachable from outside the
/// machine. Calls wait for the server's start rather than failing before it.
/// </summary>
public sealed class BackendEndpoint : IDisposable
{
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lazy<GrpcChannel> _channel;
    private readonly Lazy<CallInvoker> _ownHub;

    public BackendEndpoint(IOptions<DurableBackendOptions> options)
    {
        var settings = options.Value;
        _channel = new Lazy<GrpcChannel>(() => GrpcChannel.ForAddress("http://durable-backend", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = ConnectAsync,
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

    public GrpcChannel Channel => _channel.Value;

    /// <summary>Calls on <see cref="Channel"/> naming the host's own hub in the <c>taskhub</c> header.</summary>
    public CallInvoker OwnHub => _ownHub.Value;

    /// <summary>Called by the protocol server once it listens.</summary>
    internal void Listening(int port) => _port.TrySetResult(port);

    public void Dispose()
    {
        if (_channel.IsValueCreated)
        {
            _channel.Value.Dispose();
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var port = await _port.Task.WaitAsync(cancellationToken);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
