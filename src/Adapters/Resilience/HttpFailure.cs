using System.Net;
using System.Text;

namespace Smo.Adapters.Resilience;

/// <summary>Turns an unsuccessful HTTP response into an <see cref="AdapterException"/> with the server's own words.</summary>
internal static class HttpFailure
{
    private const int MaxBodyCharacters = 512;

    private const int MaxBodyReadBytes = 64 << 10;

    /// <param name="messageFromBody">Extracts the system's error message from its error body; null when it has none.</param>
    public static async Task<AdapterException> FromResponseAsync(
        ExternalSystem system, string operation, HttpResponseMessage response, Func<string, string?>? messageFromBody, CancellationToken cancellationToken)
    {
        // A byte order mark is not text: the body's parser would see it as its first character.
        var body = Encoding.UTF8.GetString(await ReadPrefixAsync(response, MaxBodyReadBytes, cancellationToken)).TrimStart('\uFEFF');
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

        return new AdapterException(system, operation, FailureOf(response.StatusCode), Reason(response.StatusCode, message ?? Shorten(body)))
        {
            HttpStatus = (int)response.StatusCode,
        };
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

    /// <summary>
    /// At most the first <paramref name="maxBytes"/> bytes of the body: an error body worth reading is short, and a huge
    /// one (from a system that failed, or a hostile one) must not fill memory.
    /// </summary>
    public static async Task<byte[]> ReadPrefixAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[maxBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return buffer[..length];
    }

    private static string Shorten(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length <= MaxBodyCharacters ? flat : flat[..MaxBodyCharacters] + "…";
    }
}
