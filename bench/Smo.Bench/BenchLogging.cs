using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Smo.Bench;

/// <summary>Progress logging for the benchmark: everything to stderr, because stdout is reserved for results.</summary>
internal static class BenchLogging
{
    private const string TimestampFormat = "HH:mm:ss.fff ";

    public static ILoggerFactory CreateFactory() => LoggerFactory.Create(logging =>
    {
        logging.SetMinimumLevel(LogLevel.Information);
        // The runtime logs every finished instance at Information; at benchmark volume that is noise, not progress.
        logging.AddFilter("Smo.Durable", LogLevel.Warning);
        logging.AddFilter("Npgsql", LogLevel.Warning);
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = TimestampFormat;
        });
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    });
}
