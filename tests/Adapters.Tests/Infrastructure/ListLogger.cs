using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Smo.Adapters.Tests.Infrastructure;

/// <summary>A logger that keeps every line it is given, for tests that check what an adapter said about a failure.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Lines => [.. _lines];

    public bool Logged(string fragment, LogLevel? level = null) =>
        _lines.Any(line => line.Message.Contains(fragment, StringComparison.Ordinal) && (level is null || line.Level == level));

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue((logLevel, formatter(state, exception)));
}
