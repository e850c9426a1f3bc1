using Microsoft.Extensions.Logging;

namespace Smo.Functions.Tests.Infrastructure;

/// <summary>One Error or Critical log entry of the host: where it came from, what it said, and the exception if any.</summary>
public sealed record LoggedError(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventId.Id}]: {Message}{(Exception is null ? "" : Environment.NewLine + Exception)}";
}
