using System.Net.Sockets;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Smo.Adapters.Resilience;

/// <summary>Runs a call to an external system and turns whatever escapes it into an <see cref="AdapterException"/>.</summary>
internal static class ExternalCall
{
    public static async Task<T> RunAsync<T>(ExternalSystem system, string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (Translate(system, operation, exception, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public static Task RunAsync(ExternalSystem system, string operation, Func<Task> call, CancellationToken cancellationToken) =>
        RunAsync(system, operation, async () =>
        {
            await call();
            return true;
        }, cancellationToken);

    /// <summary>The typed error for <paramref name="exception"/>, or null when it must propagate as it is.</summary>
    public static AdapterException? Translate(ExternalSystem system, string operation, Exception exception, CancellationToken cancellationToken) =>
        exception switch
        {
            AdapterException => null,
            BrokenCircuitException { InnerException: var opening } => new(system, operation, AdapterFailure.Unavailable,
                OpenCircuit(opening is null ? null : Translate(system, operation, opening, cancellationToken)?.Reason ?? opening.Message), exception),
            TimeoutRejectedException timeout => new(system, operation, AdapterFailure.Timeout,
                $"no answer within {timeout.Timeout.TotalSeconds:0.###} s", exception),
            HttpRequestException http => new(system, operation, AdapterFailure.Unavailable, Describe(http), exception),
            OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                new(system, operation, AdapterFailure.Timeout, "the request timed out", exception),
            SocketException or IOException => new(system, operation, AdapterFailure.Unavailable, exception.Message, exception),
            _ => null,
        };

    /// <summary>Why a call was not attempted, with the failure that opened the circuit when it is known.</summary>
    public static string OpenCircuit(string? lastFailure) =>
        "not attempted: the circuit is open after repeated failures; calls resume after the break"
        + (lastFailure is null ? "" : $"; last failure: {lastFailure}");

    private static string Describe(HttpRequestException exception) =>
        exception.InnerException is SocketException socket ? $"{exception.Message} ({socket.SocketErrorCode})" : exception.Message;
}
