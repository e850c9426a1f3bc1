using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Smo.Bench;

/// <summary>Progress logging for the benchmark: everything to stderr, because stdout is reserved for results.</summary>
internal static class BenchLogging
{
    private const string TimestampFormat = "HH:mm:ss.fff ";

    public static ILoggerFactory CreateFactory() => LoggerFactory.Create(Configure);

    /// <summary>The same settings for the benchmark's own factory and for the worker hosts the durable suite starts.</summary>
    public static void Configure(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Information);
        // The backend, the SDK worker and its gRPC transport log every work item or connection at Information;
        // at benchmark volume that is noise, not progress.
        logging.AddFilter("Smo.Durable", LogLevel.Warning);
        logging.AddFilter("Microsoft.DurableTask", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        logging.AddFilter("Grpc", LogLevel.Warning);
        logging.AddFilter("Npgsql", LogLevel.Warning);
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = TimestampFormat;
        });
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
