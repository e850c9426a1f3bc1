using System.Net;
using System.Text;

namespace Smo.Adapters.Resilience;

/// <summary>Turns an unsuccessful HTTP response into an <see cref="AdapterException"/> with the server's own words.</summary>
internal static class HttpFailure
{
    private const int MaxBodyCharacters = 512;

    private const int MaxBodyReadCharacters = 64 << 10;

    /// <param name="messageFromBody">Extracts the system's error message from its error body; null when it has none.</param>
    public static async Task<AdapterException> FromResponseAsync(
        ExternalSystem system, string operation, HttpResponseMessage response, Func<string, string?>? messageFromBody, CancellationToken cancellationToken)
    {
        var body = await ReadPrefixAsync(response, cancellationToken);
        string? message = null;
        if (messageFromBody is not null)
        {
            try
            {
                message = messageFromBody(body);
            }
            catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or FormatException)
            {
                // An error body the system did not format as documented: show it raw below.
            }
        }

        return new AdapterException(system, operation, FailureOf(response.StatusCode), Reason(response.StatusCode, message ?? Shorten(body)));
    }

    public static AdapterFailure FailureOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => AdapterFailure.NotFound,
        HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed => AdapterFailure.Conflict,
        HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => AdapterFailure.Timeout,
        _ when TransientFaults.IsTransientStatus(status) => AdapterFailure.Unavailable,
        _ => AdapterFailure.Rejected,
    };

    public static string Reason(HttpStatusCode status, string? detail)
    {
        var head = new StringBuilder().Append("HTTP ").Append((int)status).Append(' ').Append(status);
        if (!string.IsNullOrWhiteSpace(detail))
        {
            head.Append(": ").Append(detail.Trim());
        }

        return head.ToString();
    }

    /// <summary>The start of the body: an error body worth reading is short, and a huge one must not fill memory.</summary>
    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[MaxBodyReadCharacters];
        var length = await reader.ReadBlockAsync(buffer, cancellationToken);
        return new string(buffer, 0, length);
    }

    private static string Shorten(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length <= MaxBodyCharacters ? flat : flat[..MaxBodyCharacters] + "…";
    }
}
