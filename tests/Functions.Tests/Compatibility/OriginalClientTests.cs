using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Smo.Functions.Tests.Graphs;

namespace Smo.Functions.Tests.Compatibility;

/// <summary>
/// The compatibility suite: a client of the original SMO (<see cref="OriginalClient"/>) drives a whole lifecycle —
/// deploy (double-encoded JSON) → project list → describe → placement → stop → start → alert → remove → 404 — through
/// the original's later paths and through its first ones, against the control plane on the simulated federation, and
/// reads the clusters where both releases served them. It asserts what such a client reads: the original's field names
/// and formats (smo-original.md §1, §3, §4.1, §6.6, §7.2). Where Smo answers differently on purpose it asserts what the
/// client relies on: a 2xx (Smo's 202 with a status URL, not the original's 200 text) and JSON fields.
/// </summary>
public sealed partial class OriginalClientTests(OriginalClientTests.Host host) : IClassFixture<OriginalClientTests.Host>
{
    private const string Web = "compat-web";
    private const string Store = "compat-store";
    private const string Burst = "compat-burst";
    private const string BusyEvent = "compat-busy";
    private const string BusyQuery = "sum(rate(flask_http_request_total{service=\"compat-web\"}[30s])) > 50";
    private const string EscapedBusyQuery = "sum(rate(flask_http_request_total{service=\\\"compat-web\\\"}[30s])) > 50";

    /// <summary>One control plane for the suite, serving the original's GET commands as a deployment for its clients would.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public ControlPlaneHost ControlPlane { get; private set; } = null!;

        public async Task InitializeAsync() =>
            ControlPlane = await ControlPlaneHost.StartAsync(settings: new Dictionary<string, string> { ["Smo__Compatibility__GetCommands"] = "true" });

        public async Task DisposeAsync() => await ControlPlane.DisposeAsync();
    }

    [Theory]
    [InlineData("V3", "compat-v3")]
    [InlineData("V1", "compat-v1")]
    public async Task An_original_client_runs_a_graph_from_deploy_to_removal(string release, string project)
    {
        var client = new OriginalClient(host.ControlPlane.Client, OriginalPaths.Of(release));
        var graphName = $"{project}-graph";

        // Deploy: the original answered 200 text; Smo's 202 is a 2xx too.
        var deploy = await client.DeployAsync(project, Descriptor(graphName));
        Assert.True(deploy.IsSuccessStatusCode, $"deploy: {(int)deploy.StatusCode} {await deploy.Content.ReadAsStringAsync()}");
        var running = await client.UntilGraphAsync(graphName, g => OriginalClient.Text(g, "status") == "Running", "the graph runs");

        // List: full graph objects, with the descriptor and the service objects.
        var listed = Assert.Single((await client.GetJsonAsync(client.Paths.Project(project))).AsArray());
        AssertOriginalGraph(listed!, graphName, project);

        // Describe: the original's fields in its formats.
        AssertOriginalGraph(running, graphName, project);
        var web = OriginalClient.Service(running, Web);
        Assert.Equal("Deployed", OriginalClient.Text(web, "status"));
        Assert.Equal(("0.5", "500MiB", "10GB", "0"), (OriginalClient.Text(web, "cpu"), OriginalClient.Text(web, "memory"), OriginalClient.Text(web, "storage"), OriginalClient.Text(web, "gpu")));
        Assert.Equal(("oci://127.0.0.1:5000/smo-demo/compat-web", "App", "HELM"),
            (OriginalClient.Text(web, "artifact_ref"), OriginalClient.Text(web, "artifact_type"), OriginalClient.Text(web, "artifact_implementer")));
        Assert.Empty(web["alert"]!.AsObject());
        var webCluster = OriginalClient.Text(web, "cluster_affinity");
        Assert.False(string.IsNullOrEmpty(webCluster));
        Assert.Equal(webCluster, web["values_overwrite"]!["clustersAffinity"]![0]!.GetValue<string>());
        var store = OriginalClient.Service(running, Store);
        Assert.Equal(("1", "1GiB", "20GB"), (OriginalClient.Text(store, "cpu"), OriginalClient.Text(store, "memory"), OriginalClient.Text(store, "storage")));
        Assert.Equal(webCluster, running["placement"]![Web]!.GetValue<string>());
        var burst = OriginalClient.Service(running, Burst);
        Assert.Equal("Pending", OriginalClient.Text(burst, "status"));
        Assert.Equal(("1", "2GiB", "1"), (OriginalClient.Text(burst, "cpu"), OriginalClient.Text(burst, "memory"), OriginalClient.Text(burst, "gpu")));
        var rule = burst["alert"]!;
        Assert.Equal((BusyQuery, "1m"), (OriginalClient.Text(rule, "expr"), OriginalClient.Text(rule, "for")));
        Assert.Equal(("critical", Burst), (OriginalClient.Text(rule["labels"], "severity"), OriginalClient.Text(rule["labels"], "service")));
        Assert.Equal("Web is busy", OriginalClient.Text(rule["annotations"], "description"));

        // Placement, stop and start with the original's GET (served under the compatibility setting).
        await AssertAcceptedAsync(client.GetAsync(client.Paths.Command(graphName, "placement")), "placement");
        await AssertAcceptedAsync(client.GetAsync(client.Paths.Command(graphName, "stop")), "stop");
        var stopped = await client.UntilGraphAsync(graphName, g => OriginalClient.Text(g, "status") == "Stopped", "the graph stops");
        Assert.Equal("Not deployed", OriginalClient.Text(OriginalClient.Service(stopped, Web), "status"));
        Assert.Equal("Not deployed", OriginalClient.Text(OriginalClient.Service(stopped, Store), "status"));
        await AssertAcceptedAsync(client.GetAsync(client.Paths.Command(graphName, "start")), "start");
        await client.UntilGraphAsync(graphName, g => OriginalClient.Text(g, "status") == "Running"
            && OriginalClient.Text(OriginalClient.Service(g, Web), "status") == "Deployed", "the graph runs again");

        // The alert: Alertmanager posts the labels of the rule the service's `alert` shows; the conditional service is installed.
        var alerted = await client.PostJsonAsync("/alerts", Notification(rule));
        Assert.Equal(HttpStatusCode.OK, alerted.StatusCode);
        Assert.NotNull(JsonNode.Parse(await alerted.Content.ReadAsStringAsync()));
        await client.UntilGraphAsync(graphName, g => OriginalClient.Text(OriginalClient.Service(g, Burst), "status") == "Deployed",
            "the alert installs the conditional service");

        // Remove, then the graph is not found.
        await AssertAcceptedAsync(client.DeleteAsync(client.Paths.Graph(graphName)), "remove");
        await client.UntilGoneAsync(graphName);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(client.Paths.Graph(graphName))).StatusCode);
        Assert.Empty((await client.GetJsonAsync(client.Paths.Project(project))).AsArray());
    }

    /// <summary>The H3NI cluster test (§7.2) reads <c>/clusters/</c>; V2 served <c>/cluster/clusters</c>.</summary>
    [Theory]
    [InlineData("/clusters/")]
    [InlineData("/cluster/clusters")]
    public async Task An_original_client_reads_the_clusters_with_the_originals_fields(string path)
    {
        var client = new OriginalClient(host.ControlPlane.Client, OriginalPaths.V3);

        var clusters = (await client.GetJsonAsync(path)).AsArray();

        Assert.Equal(["member1", "member2", "member3"], clusters.Select(c => OriginalClient.Text(c, "name")).Order());
        var athens = clusters.Single(c => OriginalClient.Text(c, "name") == "member1")!;
        Assert.Equal(16.0, athens["available_cpu"]!.GetValue<double>());
        Assert.Equal("64.00 GiB", OriginalClient.Text(athens, "available_ram"));
        Assert.Equal("athens", OriginalClient.Text(athens, "location"));
        Assert.False(athens["acceleration"]!.GetValue<bool>());
        Assert.True(clusters.Single(c => OriginalClient.Text(c, "name") == "member2")!["acceleration"]!.GetValue<bool>());
        foreach (var cluster in clusters.Select(c => c!.AsObject()))
        {
            Assert.True(cluster["availability"]!.GetValue<bool>());
            Assert.Matches(MemoryFormat(), OriginalClient.Text(cluster, "available_ram")!);
            Assert.All(["grafana", "pod_cidr", "service_cidr"], field => Assert.True(cluster.ContainsKey(field), $"{field} in {cluster.ToJsonString()}"));
        }
    }

    private static void AssertOriginalGraph(JsonNode graph, string name, string project)
    {
        Assert.Equal((name, project, "Running"), (OriginalClient.Text(graph, "name"), OriginalClient.Text(graph, "project"), OriginalClient.Text(graph, "status")));
        Assert.True(graph.AsObject().ContainsKey("grafana"), graph.ToJsonString());
        Assert.Equal(name, OriginalClient.Text(graph["hdaGraph"], "id"));
        Assert.Equal(3, graph["placement"]!.AsObject().Count);
        var services = graph["services"]!.AsArray();
        Assert.Equal([Web, Store, Burst], services.Select(s => OriginalClient.Text(s, "name")));
        string[] fields = ["name", "status", "grafana", "cluster_affinity", "artifact_ref", "artifact_type", "artifact_implementer", "values_overwrite",
            "cpu", "memory", "storage", "gpu", "alert"];
        Assert.All(services, s => Assert.All(fields, field => Assert.True(s!.AsObject().ContainsKey(field), $"{field} in {s.ToJsonString()}")));
    }

    private static async Task AssertAcceptedAsync(Task<HttpResponseMessage> request, string what)
    {
        using var response = await request;
        Assert.True(response.IsSuccessStatusCode, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>An Alertmanager (version 4) notification of the rule: its labels with <c>alertname</c>, as Alertmanager sends them.</summary>
    private static JsonObject Notification(JsonNode rule)
    {
        var labels = rule["labels"]!.DeepClone().AsObject();
        labels["alertname"] = OriginalClient.Text(rule, "alert");
        return new JsonObject
        {
            ["version"] = "4",
            ["status"] = "firing",
            ["receiver"] = "webhook-receiver",
            ["groupKey"] = "{}:{job=\"compat\"}",
            ["alerts"] = new JsonArray(new JsonObject
            {
                ["status"] = "firing",
                ["labels"] = labels,
                ["annotations"] = rule["annotations"]!.DeepClone(),
                ["startsAt"] = "2026-11-23T10:00:00Z",
                ["endsAt"] = "0001-01-01T00:00:00Z",
                ["generatorURL"] = "http://prometheus:9090/graph",
                ["fingerprint"] = "c0ffee00c0ffee00",
            }),
        };
    }

    /// <summary>
    /// An IM 0.4.0 descriptor as NEPHELE wrote them (the Brussels demo's shape): two automatic services and one deployed
    /// on an event, with the intent, connection points and artifact fields the original read.
    /// </summary>
    private static string Descriptor(string id) => $$$"""
        {
          "hdaGraph": {
            "imVersion": "0.4.0", "id": "{{{id}}}", "version": "1.0.0", "designer": "Smo tests", "description": "The compatibility suite's graph",
            "hdaGraphIntent": {
              "security": {"enabled": false}, "highAvailability": {"enabled": false}, "highPerformance": {"enabled": false},
              "energyEfficiency": {"enabled": false}, "useStaticPlacement": false
            },
            "services": [
              {
                "id": "{{{Web}}}",
                "deployment": {
                  "trigger": {"auto": {"dependencies": []}},
                  "intent": {
                    "network": {"deviceProximity": {"enabled": false}, "latencies": []},
                    "compute": {"cpu": "light", "ram": "light", "storage": "small", "gpu": {"enabled": false}},
                    "coLocation": [], "connectionPoints": ["{{{Store}}}"], "metrics": []
                  }
                },
                "artifact": {
                  "ociImage": "oci://127.0.0.1:5000/smo-demo/{{{Web}}}", "ociConfig": {"type": "App", "implementer": "HELM"},
                  "ociRun": {"name": "HELM", "version": "v3"}, "valuesOverwrite": {}
                }
              },
              {
                "id": "{{{Store}}}",
                "deployment": {
                  "trigger": {"auto": {"dependencies": []}},
                  "intent": {
                    "network": {"deviceProximity": {"enabled": false}, "latencies": []},
                    "compute": {"cpu": "small", "ram": "small", "storage": "medium", "gpu": {"enabled": false}},
                    "coLocation": [], "connectionPoints": ["{{{Web}}}"], "metrics": []
                  }
                },
                "artifact": {
                  "ociImage": "oci://127.0.0.1:5000/smo-demo/{{{Store}}}", "ociConfig": {"type": "App", "implementer": "HELM"},
                  "ociRun": {"name": "HELM", "version": "v3"}, "valuesOverwrite": {}
                }
              },
              {
                "id": "{{{Burst}}}",
                "deployment": {
                  "trigger": {"event": {"condition": "ANY", "events": [{
                    "id": "{{{BusyEvent}}}",
                    "source": [{"serviceId": "{{{Web}}}", "metricId": "request-rate"}],
                    "condition": {"promQuery": "{{{EscapedBusyQuery}}}", "gracePeriod": "1m", "description": "Web is busy"}
                  }]}},
                  "intent": {
                    "network": {"deviceProximity": {"enabled": false}, "latencies": []},
                    "compute": {"cpu": "small", "ram": "medium", "storage": "small", "gpu": {"enabled": true}},
                    "coLocation": [], "connectionPoints": ["{{{Store}}}"], "metrics": []
                  }
                },
                "artifact": {
                  "ociImage": "oci://127.0.0.1:5000/smo-demo/{{{Burst}}}", "ociConfig": {"type": "App", "implementer": "HELM"},
                  "ociRun": {"name": "HELM", "version": "v3"}, "valuesOverwrite": {}
                }
              }
            ]
          }
        }
        """;

    [GeneratedRegex(@"^\d+\.\d{2} (B|KiB|MiB|GiB|TiB|PiB)$")]
    private static partial Regex MemoryFormat();
}
