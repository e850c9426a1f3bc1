using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Http;
using Smo.Functions.Placement;
using Smo.Functions.Tests.Infrastructure;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Http;

public sealed class ApiDocumentationTests : IClassFixture<ApiDocumentationTests.Host>
{
    private readonly FunctionsHostFactory _factory;

    public ApiDocumentationTests(Host host) => _factory = host.Factory;

    public sealed class Host : IDisposable
    {
        public FunctionsHostFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    [Fact]
    public async Task The_openapi_document_describes_the_http_functions()
    {
        var document = await _factory.CreateClient().GetFromJsonAsync<JsonElement>(ApiDocumentation.DocumentPath);

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("Smo API", document.GetProperty("info").GetProperty("title").GetString());
        Assert.True(document.GetProperty("paths").TryGetProperty("/samples/hello-cities", out _), document.GetProperty("paths").ToString());
    }

    [Theory]
    [InlineData("/project/{project}/graphs", "post")]
    [InlineData("/graphs/{name}/placement", "get")]
    [InlineData("/graphs/{name}/placement", "post")]
    [InlineData("/graphs/{name}/execute_strategy/{strategy}", "post")]
    [InlineData("/graphs/{name}", "put")]
    public async Task Routes_with_a_what_if_document_their_dry_run_parameter(string path, string method)
    {
        var document = await _factory.CreateClient().GetFromJsonAsync<JsonElement>(ApiDocumentation.DocumentPath);

        var parameters = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("parameters");
        Assert.Contains(parameters.EnumerateArray(), p => p.GetProperty("name").GetString() == "dryRun" && p.GetProperty("in").GetString() == "query");
    }

    [Theory]
    [InlineData("/graphs/{name}/weights", "put", "The graph's own objective weights")]
    [InlineData("/graphs/{name}/execute_strategy/{strategy}", "post", "timeLimitSeconds")]
    [InlineData("/graphs/{name}/services/{service}/forecast", "put", "A forecast of the service's request rate")]
    [InlineData("/graphs/{name}/rollback", "post", "the version before the current one")]
    public async Task Routes_that_read_a_json_body_document_it(string path, string method, string described)
    {
        var document = await _factory.CreateClient().GetFromJsonAsync<JsonElement>(ApiDocumentation.DocumentPath);

        var body = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("requestBody");
        Assert.Contains(described, body.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("content").TryGetProperty("application/json", out _), body.ToString());
    }

    [Fact]
    public async Task The_original_spec_route_leads_to_the_document()
    {
        var response = await _factory.CreateClient().GetAsync(ApiDocumentation.OriginalDocumentPath);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Smo API", document.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_reference_page_is_served_with_its_own_assets()
    {
        var client = _factory.CreateClient();
        var page = await client.GetStringAsync(ApiDocumentation.ReferencePath);

        Assert.Contains("Smo API", page, StringComparison.Ordinal);
        // The page's script resolves this against the origin (not /docs/): it is the document above.
        Assert.Contains("\"url\":\"openapi/v1.json\"", page, StringComparison.Ordinal);
        // No CDN: the page's script comes from the host itself.
        var script = System.Text.RegularExpressions.Regex.Match(page, "<script[^>]+src=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(script.StartsWith("http", StringComparison.Ordinal), script);
        var asset = await client.GetAsync(new Uri(new Uri("http://localhost" + ApiDocumentation.ReferencePath + "/"), script));
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
    }
    [Theory]
    [InlineData("/graph/project/{project}", "get")]
    [InlineData("/graph/project/{project}", "post")]
    [InlineData("/graph/{name}", "get")]
    [InlineData("/graph/{name}", "delete")]
    [InlineData("/graph/{name}/placement", "get")]
    [InlineData("/graph/{name}/start", "post")]
    [InlineData("/graph/{name}/stop", "get")]
    [InlineData("/cluster/clusters", "get")]
    [InlineData("/project/{project}/graphs", "get")]
    [InlineData("/graphs/{name}", "get")]
    public async Task The_original_first_paths_are_documented_beside_the_later_ones(string path, string method)
    {
        var document = await _factory.CreateClient().GetFromJsonAsync<JsonElement>(ApiDocumentation.DocumentPath);

        Assert.True(document.GetProperty("paths").GetProperty(path).TryGetProperty(method, out _), $"{method} {path}");
    }

    [Theory]
    [InlineData("/clusters", "get", "200", "name,location,available_cpu,available_ram,availability,acceleration,grafana,pod_cidr,service_cidr,cpuAvailable,memoryAvailableGiB,ready,gpu")]
    [InlineData("/cluster/clusters", "get", "200", "available_cpu,available_ram,availability,cpuAvailable")]
    [InlineData("/project/{project}/graphs", "get", "200", "name,status,project,grafana,hdaGraph,services,placement,serviceCount")]
    [InlineData("/graph/project/{project}", "get", "200", "name,status,project,grafana,hdaGraph,services,placement,serviceCount")]
    [InlineData("/graphs", "get", "200", "name,status,project,grafana,hdaGraph,services,placement,serviceCount")]
    [InlineData("/graphs/{name}", "get", "200", "name,status,project,grafana,hdaGraph,services,placement,strategies,latestDecisions")]
    [InlineData("/graphs/{name}/stop", "post", "202", "name,command,statusUrl")]
    [InlineData("/project/{project}/graphs", "post", "202", "name,project,status,statusUrl,warnings")]
    public async Task Responses_are_documented_with_the_originals_fields_beside_Smos(string path, string method, string status, string fields)
    {
        var document = await _factory.CreateClient().GetFromJsonAsync<JsonElement>(ApiDocumentation.DocumentPath);

        var schema = Resolve(document, document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status)
            .GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var properties = schema.GetProperty("properties");
        Assert.All(fields.Split(','), field => Assert.True(properties.TryGetProperty(field, out _), $"{field} in {properties}"));
    }

    [Fact]
    public async Task The_service_schema_lists_the_originals_fields_and_smos_renamed_ones()
    {
        var document = await _factory.CreateClient().GetFromJsonAsync<JsonElement>(ApiDocumentation.DocumentPath);

        var graph = Resolve(document, document.GetProperty("paths").GetProperty("/graphs/{name}").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var service = Resolve(document, graph.GetProperty("properties").GetProperty("services")).GetProperty("properties");

        string[] original = ["name", "status", "grafana", "cluster_affinity", "artifact_ref", "artifact_type", "artifact_implementer", "values_overwrite", "cpu", "memory", "storage", "gpu", "alert"];
        string[] smo = ["smoStatus", "cpuCores", "memoryGiB", "storageGB", "gpuRequired", "replicas", "alerts"];
        Assert.All([.. original, .. smo], field => Assert.True(service.TryGetProperty(field, out _), $"{field} in {service}"));
        Assert.Equal("string", service.GetProperty("cpu").GetProperty("type").ToString());
        Assert.Equal("string", service.GetProperty("gpu").GetProperty("type").ToString());
    }

    /// <summary>A schema with its <c>$ref</c> followed, or its array's items' schema.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            return Resolve(document, document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]));
        }

        return schema.TryGetProperty("items", out var items) ? Resolve(document, items) : schema;
    }
}
