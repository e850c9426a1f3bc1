using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

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
public sealed class SmoApi(HttpClient http, string? functionKey)
{
    private const string KeyHeader = "x-functions-key";

    public Uri BaseAddress => http.BaseAddress!;

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<JsonElement> PostAsync(string path, HttpContent? body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public Task<JsonElement> PutAsync(string path, HttpContent body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Put, path, body, cancellationToken);

    public Task<JsonElement> DeleteAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>A descriptor file as the deploy body, typed by its extension (YAML unless .json).</summary>
    public static HttpContent DescriptorContent(string path, string text) =>
        new StringContent(text, Encoding.UTF8, path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/yaml");

    public static HttpContent ArtifactContent(string reference) => JsonContent.Create(new { artifact = reference });

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? body, CancellationToken cancellationToken)
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

            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
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
}
