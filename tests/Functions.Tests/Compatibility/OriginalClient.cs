using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smo.Functions.Tests.Compatibility;

/// <summary>
/// A client that knows only the original SMO's API (smo-original.md §1): its paths, its bodies (the descriptor posted
/// as a JSON string holding it, as the H3NI tests post <c>json=json.dumps(TEST_GRAPH)</c>), its field names — raw HTTP and
/// JSON, none of Smo's types. The original answered a deploy or a command when it was done; Smo answers 202 at once, so
/// this client, like any client of Smo, polls the graph until it shows the outcome.
/// </summary>
public sealed class OriginalClient(HttpClient http, OriginalPaths paths)
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    public OriginalPaths Paths { get; } = paths;

    /// <summary>The descriptor's JSON text, sent as a JSON string literal (double-encoded).</summary>
    public Task<HttpResponseMessage> DeployAsync(string project, string descriptorJson) =>
        http.PostAsync(Paths.Project(project), new StringContent(JsonSerializer.Serialize(descriptorJson), Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    public Task<HttpResponseMessage> DeleteAsync(string path) => http.DeleteAsync(path);

    public Task<HttpResponseMessage> PostJsonAsync(string path, JsonNode body) =>
        http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Reads the graph until <paramref name="condition"/> holds; fails naming <paramref name="what"/> and the last graph read.</summary>
    public async Task<JsonNode> UntilGraphAsync(string name, Func<JsonNode, bool> condition, string what, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonNode? graph = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync(Paths.Graph(name));
            if (response.IsSuccessStatusCode)
            {
                graph = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                if (condition(graph))
                {
                    return graph;
                }
            }

            await Task.Delay(PollEvery);
        }

        Assert.Fail($"Timed out waiting until {what}. Last graph: {graph?.ToJsonString()}");
        return graph!;
    }

    /// <summary>Reads the graph until it is gone: 404.</summary>
    public async Task UntilGoneAsync(string name, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            using var response = await http.GetAsync(Paths.Graph(name));
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"graph {name} is still there: {(int)response.StatusCode}");
            await Task.Delay(PollEvery);
        }
    }

    public static JsonNode Service(JsonNode graph, string name) =>
        graph["services"]!.AsArray().Single(s => (string?)s!["name"] == name)!;

    public static string? Text(JsonNode? node, string field) => node?[field]?.GetValue<string>();
}

/// <summary>The original's paths of one release: its first (V1, <c>/graph/...</c>) or its later ones (V2/V3, <c>/graphs/...</c>).</summary>
public sealed record OriginalPaths(string Release, Func<string, string> Project, Func<string, string> Graph)
{
    public static OriginalPaths V1 { get; } = new("V1", project => $"/graph/project/{project}", name => $"/graph/{name}");

    public static OriginalPaths V3 { get; } = new("V3", project => $"/project/{project}/graphs", name => $"/graphs/{name}");

    public static OriginalPaths Of(string release) => release == V1.Release ? V1 : V3;

    public string Command(string name, string command) => $"{Graph(name)}/{command}";
}
