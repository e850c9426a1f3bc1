using Microsoft.Extensions.Logging;

namespace Smo.Durable.Hosting;

/// <summary>Hands the protocol server's loggers to the host's logger factory.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}
