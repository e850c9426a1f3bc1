using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Smo.Cli;

/// <summary>An answer of the Smo API that is not a success, with what its problem+json says.</summary>
public sealed class SmoApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>
/// The Smo REST API as the CLI uses it: the same paths as any client, the function key in <c>x-functions-key</c>,
/// and problem+json answers turned into one readable line (title, detail, where).
/// </summary>
public sealed partial class SmoApi(HttpClient http, string? functionKey)
{
    private const string KeyHeader = "x-functions-key";

    public Uri BaseAddress => http.BaseAddress!;

    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) => (await SendAsync(HttpMethod.Get, path, null, cancellationToken)).Body;

    /// <summary>
    /// A list the API answers a page at a time (a JSON array per page, <c>Link: &lt;…&gt;; rel="next"</c> to the rest):
    /// the items of every page, following the links on this host only (the key goes with each request) and at most
    /// <paramref name="maxPages"/> of them; <c>Complete</c> is false when pages were left unread.
    /// </summary>
    public async Task<(IReadOnlyList<JsonElement> Items, bool Complete)> GetListAsync(string path, int maxPages, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        string? next = path;
        for (var page = 0; next is not null; page++)
        {
            if (page == maxPages)
            {
                return (items, false);
            }

            var (body, link) = await SendAsync(HttpMethod.Get, next, null, cancellationToken);
            items.AddRange(body.Items());
            next = link;
        }

        return (items, true);
    }

    public async Task<JsonElement> PostAsync(string path, HttpContent? body, CancellationToken cancellationToken) => (await SendAsync(HttpMethod.Post, path, body, cancellationToken)).Body;

    public async Task<JsonElement> PutAsync(string path, HttpContent body, CancellationToken cancellationToken) => (await SendAsync(HttpMethod.Put, path, body, cancellationToken)).Body;

    public async Task<JsonElement> DeleteAsync(string path, CancellationToken cancellationToken) => (await SendAsync(HttpMethod.Delete, path, null, cancellationToken)).Body;

    /// <summary>A descriptor file as the deploy body, typed by its extension (YAML unless .json).</summary>
    public static HttpContent DescriptorContent(string path, string text) =>
        new StringContent(text, Encoding.UTF8, path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/yaml");

    public static HttpContent ArtifactContent(string reference) => JsonContent.Create(new { artifact = reference });

    /// <returns>The body, and the path of the <c>rel="next"</c> link when the answer has one on this host.</returns>
    private async Task<(JsonElement Body, string? Next)> SendAsync(HttpMethod method, string path, HttpContent? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = body };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(functionKey))
        {
            request.Headers.Add(KeyHeader, functionKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException unreachable)
        {
            throw new SmoApiException(0, $"Smo is not reachable at {http.BaseAddress} ({unreachable.Message}); start a host (dotnet run --project src/Functions) or pass --url.");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new SmoApiException(response.StatusCode, $"{(int)response.StatusCode} {method} /{path.TrimStart('/')}: {Problem(text)}");
            }

            return (text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), NextOnThisHost(response));
        }
    }

    /// <summary>
    /// The <c>rel="next"</c> link resolved against the request (RFC 8288), as a path under the API's address; null when
    /// there is none. A link elsewhere is refused, not followed: that host would be sent the key.
    /// </summary>
    private string? NextOnThisHost(HttpResponseMessage response)
    {
        var link = response.Headers.TryGetValues("Link", out var values) ? string.Join(",", values) : "";
        if (NextLink().Match(link) is not { Success: true } match)
        {
            return null;
        }

        var request = response.RequestMessage!.RequestUri!;
        return Uri.TryCreate(request, match.Groups["target"].Value, out var next)
            && Uri.Compare(next, BaseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            && next.AbsolutePath.StartsWith(BaseAddress.AbsolutePath, StringComparison.Ordinal)
            ? next.PathAndQuery[BaseAddress.AbsolutePath.Length..]
            : throw new SmoApiException(response.StatusCode, $"GET {request.AbsolutePath}: the link to the next page leads away from {BaseAddress}; it was not followed.");
    }

    /// <summary>"title: detail (where: ...)" from problem+json; the body itself when it is not one.</summary>
    private static string Problem(string body)
    {
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            var parts = new[] { Text(problem, "title"), Text(problem, "detail") }.Where(p => p is not null);
            var where = Text(problem, "where");
            return string.Join(" ", parts) + (where is null ? "" : $" (where: {where})");
        }
        catch (JsonException)
        {
            return body.Length == 0 ? "no details" : body;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"<(?<target>[^>]*)>\s*;\s*rel=""?next""?", RegexOptions.IgnoreCase)]
    private static partial Regex NextLink();
}
