using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Smo.Simulator.Hosting;

namespace Smo.Simulator.Tests.Infrastructure;

/// <summary>Raw HTTP against a running simulator, for asserting exact wire shapes.</summary>
public sealed class SimulatorClient(SimulatorHost host) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient Http => _http;

    public async Task<(int Status, JsonObject Body)> SendAsync(HttpMethod method, string path, string? body = null,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"not a JSON object: {text}"));
    }

    public Task<(int Status, JsonObject Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(int Status, JsonObject Body)> PostAsync(string path, string body) => SendAsync(HttpMethod.Post, path, body);

    public Task<(int Status, JsonObject Body)> PutAsync(string path, string body) => SendAsync(HttpMethod.Put, path, body);

    public Task<(int Status, JsonObject Body)> PatchAsync(string path, string body, string contentType) =>
        SendAsync(HttpMethod.Patch, path, body, contentType);

    public async Task<string> TextAsync(string path) => await _http.GetStringAsync(path);

    public async Task AdvanceAsync(double seconds)
    {
        using var response = await _http.PostAsync("/sim/advance",
            new StringContent($"{{\"seconds\":{seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
