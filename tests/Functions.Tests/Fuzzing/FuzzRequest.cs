using System.Text;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// One generated HTTP request, kept as bytes so a body may be invalid UTF-8, and sent as generated: headers and the
/// content type go through without .NET's validation.
/// </summary>
/// <param name="Family">Which generator made it (descriptor, alert, energy, nfvcl, route, management).</param>
/// <param name="PathAndQuery">Already escaped as it goes on the wire.</param>
public sealed record FuzzRequest(string Family, string Method, string PathAndQuery, byte[]? Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    private const int ShownBodyChars = 1_500;

    /// <summary>
    /// Names a sentinel graph in a form the API refuses by its documented rules (a descriptor whose name exists, a
    /// webhook without the webhook's credential or with an alert Alertmanager cannot have written, a command without a
    /// valid key): a 2xx is a failure of its own.
    /// </summary>
    public bool RefusedByDesign { get; init; }

    public string BodyText => Body is null ? "" : Encoding.UTF8.GetString(Body);

    /// <param name="path">Escaped already.</param>
    /// <param name="query">Without '?'; the credentials' <c>code=</c> is added to it.</param>
    public static FuzzRequest Create(string family, string method, string path, string query, Credentials credentials, byte[]? body = null, string? contentType = null)
    {
        var parts = new[] { query, credentials.Query }.Where(q => q.Length > 0).ToList();
        return new FuzzRequest(family, method, parts.Count == 0 ? path : $"{path}?{string.Join('&', parts)}", body, contentType, credentials.Headers);
    }

    public static FuzzRequest Create(string family, string method, string path, string query, Credentials credentials, string body, string? contentType = "application/json") =>
        Create(family, method, path, query, credentials, Encoding.UTF8.GetBytes(body), contentType);

    /// <summary>The request to <paramref name="server"/>; absolute, so a path such as <c>//graphs</c> stays a path and does not name a host.</summary>
    public HttpRequestMessage ToMessage(Uri server)
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(server.GetLeftPart(UriPartial.Authority) + PathAndQuery, UriKind.Absolute));
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    /// <summary>Enough to send the request again by hand: method, path, headers and the body (long ones cut, with their length).</summary>
    public string Describe()
    {
        var text = new StringBuilder($"{Method} {PathAndQuery}  [{Family}{(RefusedByDesign ? ", refused by design" : "")}]");
        foreach (var (name, value) in Headers)
        {
            text.Append($"\n  {name}: {Cut(value, 200)}");
        }

        if (ContentType is not null)
        {
            text.Append($"\n  Content-Type: {ContentType}");
        }

        if (Body is not null)
        {
            text.Append($"\n  body ({Body.Length} bytes): {Cut(BodyText, ShownBodyChars)}");
        }

        return text.ToString();
    }

    private static string Cut(string text, int length) =>
        text.Length <= length ? Escape(text) : $"{Escape(text[..length])}… ({text.Length - length} more chars)";

    /// <summary>Control characters shown as escapes, so a reproducer survives a terminal.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c is '\n' or '\t' || !char.IsControl(c) ? c.ToString() : $"\\u{(int)c:x4}");
        }

        return escaped.ToString();
    }
}
