using System.Net;
using System.Net.Sockets;
using Polly;
using Polly.Timeout;

namespace Smo.Adapters.Resilience;

/// <summary>Decides which HTTP outcomes are worth another attempt.</summary>
internal static class TransientFaults
{
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// Transient faults of idempotent requests are retried. A non-idempotent request (POST, PATCH) is retried only
    /// when it never reached the server, so a retry cannot apply it twice.
    /// </summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpMethod? method)
    {
        if (outcome.Exception is { } exception)
        {
            return IsNeverSent(exception) || (IsIdempotent(method) && exception is HttpRequestException or TimeoutRejectedException);
        }

        return outcome.Result is { } response && IsIdempotent(method) && IsTransientStatus(response.StatusCode);
    }

    /// <summary>What counts against the circuit breaker: any transient fault, whatever the method.</summary>
    public static bool IsFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || (outcome.Result is { } response && IsTransientStatus(response.StatusCode));

    private static bool IsIdempotent(HttpMethod? method) =>
        method is null || method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put
        || method == HttpMethod.Delete || method == HttpMethod.Options;

    private static bool IsNeverSent(Exception exception) =>
        exception is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound } }
        || exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };
}
