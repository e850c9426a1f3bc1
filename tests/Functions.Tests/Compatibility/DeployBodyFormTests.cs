using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Smo.Adapters.Tests.Infrastructure;
using Smo.Adapters.Tests.Oci;
using Smo.Functions.Tests.Graphs;

namespace Smo.Functions.Tests.Compatibility;

/// <summary>
/// Every deploy body the original's clients send (smo-original.md §1.3, §1.4) works on every deploy path, the first
/// release's <c>/graph/project/{p}</c> as the later <c>/project/{p}/graphs</c>: YAML as <c>application/x-yaml</c> (smo-web),
/// the descriptor object (smo-web, smo-sdk), a JSON string holding the descriptor (the Flask releases and the H3NI
/// tests) and <c>{"artifact": "..."}</c> naming an HDAG artifact (pulled from the real OCI registry here).
/// </summary>
public sealed class DeployBodyFormTests(DeployBodyFormTests.Host host) : IClassFixture<DeployBodyFormTests.Host>
{
    public sealed class Host : IAsyncLifetime
    {
        public ControlPlaneHost ControlPlane { get; private set; } = null!;

        public async Task InitializeAsync() => ControlPlane = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["Smo__Oci__PlainHttp"] = "true",
            ["Smo__Oci__Registry"] = LocalServices.Registry.Authority,
            ["Smo__BlobStorage__ConnectionString"] = LocalServices.BlobConnectionString,
            ["Smo__BlobStorage__ArtifactContainer"] = "functions-tests",
        });

        public async Task DisposeAsync() => await ControlPlane.DisposeAsync();
    }

    [Theory]
    [InlineData("V1", "yaml")]
    [InlineData("V1", "object")]
    [InlineData("V1", "json-string")]
    [InlineData("V1", "artifact")]
    [InlineData("V3", "yaml")]
    [InlineData("V3", "object")]
    [InlineData("V3", "json-string")]
    [InlineData("V3", "artifact")]
    public async Task A_deploy_body_of_every_original_form_deploys_on_every_deploy_path(string release, string form)
    {
        var paths = OriginalPaths.Of(release);
        var id = $"form-{release}-{form}".ToLowerInvariant();

        var deploy = await host.ControlPlane.Client.PostAsync(paths.Project("forms"), await BodyAsync(form, id));

        Assert.True(deploy.IsSuccessStatusCode, $"{release} {form}: {(int)deploy.StatusCode} {await deploy.Content.ReadAsStringAsync()}");
        var graph = JsonNode.Parse(await host.ControlPlane.Client.GetStringAsync(paths.Graph(id)))!;
        Assert.Equal(id, graph["hdaGraph"]!["id"]!.GetValue<string>());
        Assert.Equal($"{id}-web", graph["services"]![0]!["name"]!.GetValue<string>());
    }

    private static async Task<HttpContent> BodyAsync(string form, string id)
    {
        switch (form)
        {
            case "yaml":
                return new StringContent(Yaml(id), Encoding.UTF8, "application/x-yaml");
            case "object":
                return new StringContent(Json(id), Encoding.UTF8, "application/json");
            case "json-string":
                return new StringContent(JsonSerializer.Serialize(Json(id)), Encoding.UTF8, "application/json");
            default:
                var repository = $"functions/{id}-{Guid.NewGuid():N}"[..40];
                await OciArtifactBuilder.PushAsync(LocalServices.Registry, repository, "1.0.0", OciArtifactBuilder.TarGz(($"{id}/hdag.yaml", Yaml(id))));
                var body = new JsonObject { ["artifact"] = $"{LocalServices.Registry.Authority}/{repository}:1.0.0" };
                return new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
    }

    private static string Yaml(string id) => $$"""
        hdaGraph:
          imVersion: 0.4.0
          id: {{id}}
          version: "1.0.0"
          hdaGraphIntent:
            useStaticPlacement: False
          services:
            - id: {{id}}-web
              deployment:
                trigger:
                  auto:
                    dependencies: []
                intent:
                  compute: { cpu: light, ram: light, storage: small, gpu: { enabled: False } }
                  connectionPoints: []
              artifact:
                ociImage: oci://127.0.0.1:5000/smo-demo/{{id}}-web
                ociConfig: { type: App, implementer: HELM }
                valuesOverwrite: {}
        """;

    private static string Json(string id) => new JsonObject
    {
        ["hdaGraph"] = new JsonObject
        {
            ["imVersion"] = "0.4.0",
            ["id"] = id,
            ["version"] = "1.0.0",
            ["hdaGraphIntent"] = new JsonObject { ["useStaticPlacement"] = false },
            ["services"] = new JsonArray(new JsonObject
            {
                ["id"] = $"{id}-web",
                ["deployment"] = new JsonObject
                {
                    ["trigger"] = new JsonObject { ["auto"] = new JsonObject { ["dependencies"] = new JsonArray() } },
                    ["intent"] = new JsonObject
                    {
                        ["compute"] = new JsonObject { ["cpu"] = "light", ["ram"] = "light", ["storage"] = "small", ["gpu"] = new JsonObject { ["enabled"] = false } },
                        ["connectionPoints"] = new JsonArray(),
                    },
                },
                ["artifact"] = new JsonObject
                {
                    ["ociImage"] = $"oci://127.0.0.1:5000/smo-demo/{id}-web",
                    ["ociConfig"] = new JsonObject { ["type"] = "App", ["implementer"] = "HELM" },
                    ["valuesOverwrite"] = new JsonObject(),
                },
            }),
        },
    }.ToJsonString();
}
