using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Smo.Adapters;
using Smo.Adapters.Helm;
using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Updates;
using Smo.Functions.Secrets;
using Smo.Functions.Tests.Graphs;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;

namespace Smo.Functions.Tests.Updates;

/// <summary>
/// Graphs updated in place through the REST API, against the simulated federation and its helm stand-in: only what
/// changed is installed, upgraded or uninstalled; a failed upgrade rolls back; versions are listed and returned to.
/// </summary>
public sealed class GraphUpdateTests
{
    private const string Graph = "store";
    private const string Project = "shop";

    /// <summary>Three services installed with the graph; <c>cpu</c> is catalogue's CPU limit, a Helm value.</summary>
    private static string Descriptor(string version = "1.0", string catalogueCpu = "500m", string webCpu = "500m", bool search = true, bool reviews = false) =>
        $"""
        hdaGraph:
          imVersion: 0.4.0
          id: {Graph}
          version: "{version}"
          services:
        {Service("web", webCpu)}
        {Service("catalogue", catalogueCpu)}
        {(search ? Service("search", "250m") : "")}
        {(reviews ? Service("reviews", "250m") : "")}
        """;

    private static string Service(string id, string cpu) => $$"""
            - id: {{id}}
              deployment:
                trigger: { auto: { dependencies: [] } }
                intent:
                  compute: { cpu: light, ram: light, storage: small, gpu: { enabled: false } }
                  connectionPoints: []
              artifact:
                ociImage: oci://127.0.0.1:5000/store/{{id}}
                ociConfig: { type: App, implementer: HELM }
                valuesOverwrite: { resources: { limits: { cpu: "{{cpu}}" } } }
        """;

    [Fact]
    public async Task An_update_adding_removing_and_changing_one_service_each_runs_helm_for_those_three_only()
    {
        await using var host = await RunningAsync();
        var web = await ReleaseAsync(host, "web");
        var upgrades = await host.CountSimulatorRequestsAsync("/sim/helm/releases/", "POST");
        var uninstalls = await host.CountSimulatorRequestsAsync("/sim/helm/releases/", "DELETE");

        var update = await host.Client.PutAsync($"/graphs/{Graph}", Yaml(Descriptor("1.1", catalogueCpu: "750m", search: false, reviews: true)));

        Assert.Equal(HttpStatusCode.Accepted, update.StatusCode);
        var answer = await update.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, answer.GetProperty("version").GetInt32());
        Assert.Equal("Added reviews; removed search; changed catalogue (values); graph: version.", answer.GetProperty("summary").GetString());
        await UntilVersionAsync(host, 2, "applied");
        var releases = await ReleasesAsync(host);
        Assert.Equal(["catalogue", "reviews", "web"], releases.Keys.Order());
        Assert.Equal((web.Revision, web.Updated), (releases["web"].Revision, releases["web"].Updated));
        Assert.Equal(2, releases["catalogue"].Revision);
        Assert.Equal(1, releases["reviews"].Revision);
        Assert.Equal("750m", await CpuLimitAsync(host, "catalogue"));
        Assert.Equal((2, 1), (await host.SimulatorHitsAsync(upgrades), await host.SimulatorHitsAsync(uninstalls)));
        var graph = await host.UntilGraphAsync(Graph, g => g.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "updated"), "the update is recorded");
        Assert.Equal("Running", graph.GetProperty("status").GetString());
        Assert.Equal(["web", "catalogue", "reviews"], graph.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.All(graph.GetProperty("services").EnumerateArray(), s => Assert.Equal("Deployed", s.GetProperty("status").GetString()));
        Assert.Equal(["catalogue", "reviews", "web"], graph.GetProperty("placement").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task A_dry_run_answers_the_diff_and_changes_nothing()
    {
        await using var host = await RunningAsync();
        var helm = await host.CountSimulatorRequestsAsync("/sim/helm/releases/", "POST");

        var dryRun = await host.Client.PutAsync($"/graphs/{Graph}?dryRun=true", Yaml(Descriptor("1.1", catalogueCpu: "750m", search: false, reviews: true)));
        var same = await host.Client.PutAsync($"/graphs/{Graph}", Yaml(Descriptor()));

        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        var diff = (await dryRun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("diff");
        Assert.Equal(["reviews"], diff.GetProperty("added").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["search"], diff.GetProperty("removed").EnumerateArray().Select(s => s.GetString()));
        var catalogue = diff.GetProperty("changed").EnumerateArray().Single();
        Assert.Equal(("catalogue", true), (catalogue.GetProperty("service").GetString(), catalogue.GetProperty("upgrade").GetBoolean()));
        Assert.Equal("changed: resources.limits.cpu (values not shown)", catalogue.GetProperty("changes")[0].GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.False((await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changes").GetBoolean());
        var versions = await host.Client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}/versions");
        Assert.Equal(1, versions.GetProperty("versions").GetArrayLength());
        Assert.Equal(["catalogue", "search", "web"], (await ReleasesAsync(host)).Keys.Order());
        Assert.Equal(0, await host.SimulatorHitsAsync(helm));
    }

    [Fact]
    public async Task A_failed_upgrade_rolls_back_the_releases_already_upgraded_and_the_graph_runs_its_previous_version()
    {
        await using var host = await RunningAsync();
        await FailUpgradesOfAsync(host, "catalogue");

        var update = await host.Client.PutAsync($"/graphs/{Graph}", Yaml(Descriptor("1.1", catalogueCpu: "750m", webCpu: "900m")));

        Assert.Equal(HttpStatusCode.Accepted, update.StatusCode);
        var failed = await UntilVersionAsync(host, 2, "failed", seconds: 120);
        Assert.Contains("catalogue", failed.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.Contains("injected by the simulator", failed.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        var releases = await ReleasesAsync(host);
        Assert.Equal(3, releases["web"].Revision);
        Assert.Equal("500m", await CpuLimitAsync(host, "web"));
        Assert.Equal(1, releases["catalogue"].Revision);
        Assert.Equal("500m", await CpuLimitAsync(host, "catalogue"));
        var graph = await host.GraphAsync(Graph);
        Assert.Equal("Running", graph.GetProperty("status").GetString());
        Assert.Contains("rolled back to version 1", graph.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.Contains(graph.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "update-failed"
            && e.GetProperty("message").GetString()!.Contains("web rolled back to revision 1", StringComparison.Ordinal));
        Assert.All(graph.GetProperty("services").EnumerateArray(), s => Assert.Equal("Deployed", s.GetProperty("status").GetString()));
        var versions = await host.Client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}/versions");
        Assert.Equal(1, versions.GetProperty("current").GetInt32());
    }

    [Fact]
    public async Task Versions_are_listed_and_a_rollback_returns_to_the_previous_one_as_a_new_version()
    {
        await using var host = await RunningAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PutAsync($"/graphs/{Graph}", Yaml(Descriptor("1.1", search: false, reviews: true)))).StatusCode);
        await UntilVersionAsync(host, 2, "applied");

        var unknown = await host.Client.PostAsync($"/graphs/{Graph}/rollback", JsonContent.Create(new { version = 9 }));
        var wrong = await host.Client.PostAsync($"/graphs/{Graph}/rollback", JsonContent.Create(new { version = "one" }));
        var rollback = await host.Client.PostAsync($"/graphs/{Graph}/rollback", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("body.version", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("where").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        Assert.Equal(3, (await rollback.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        await UntilVersionAsync(host, 3, "applied");
        var versions = (await host.Client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}/versions")).GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([3, 2, 1], versions.Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal(["rollback", "update", "deploy"], versions.Select(v => v.GetProperty("origin").GetString()));
        Assert.Equal([true, false, false], versions.Select(v => v.GetProperty("current").GetBoolean()));
        Assert.Equal(["1.0", "1.1", "1.0"], versions.Select(v => v.GetProperty("descriptorVersion").GetString()));
        Assert.Equal(1, versions[0].GetProperty("rollbackOf").GetInt32());
        Assert.Equal("Rollback to version 1: Added search; removed reviews; graph: version.", versions[0].GetProperty("summary").GetString());
        Assert.Equal(["catalogue", "search", "web"], (await ReleasesAsync(host)).Keys.Order());
    }

    [Fact]
    public async Task An_update_that_names_another_graph_is_refused_where_and_why_and_stores_nothing()
    {
        await using var host = await RunningAsync();

        var renamed = await host.Client.PutAsync($"/graphs/{Graph}", Yaml(Descriptor().Replace($"id: {Graph}", "id: other", StringComparison.Ordinal)));
        var missing = await host.Client.PutAsync("/graphs/nothing", Yaml(Descriptor()));

        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        var problem = await renamed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("hdaGraph.id", problem.GetProperty("where").GetString());
        Assert.Contains("keeps the graph's name", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(1, (await host.Client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}/versions")).GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task A_rollback_body_with_a_field_besides_version_is_refused_where_and_why()
    {
        await using var host = await RunningAsync();

        var junk = await host.Client.PostAsync($"/graphs/{Graph}/rollback", new StringContent("""{"version": 1, "junk": 2}""", Encoding.UTF8, "application/json"));
        var twice = await host.Client.PostAsync($"/graphs/{Graph}/rollback", new StringContent("""{"version": 1, "version": 1}""", Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (junk.StatusCode, twice.StatusCode));
        var problem = await junk.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("body.junk", problem.GetProperty("where").GetString());
        Assert.Contains("'junk' is not a field of the rollback body", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("body.version", (await twice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("where").GetString());
        Assert.Equal(1, (await host.Client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}/versions")).GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task An_update_whose_command_cannot_be_sent_leaves_its_version_failed_not_pending()
    {
        await using var host = await RunningAsync();
        var updates = host.Factory.Services.GetRequiredService<GraphUpdates>();
        var graph = await host.Factory.Services.GetRequiredService<GraphReader>().GetAsync(Graph);
        var request = new DefaultHttpContext { RequestServices = host.Factory.Services }.Request;
        // A durable backend that cannot be reached: the send throws once the version is stored.
        await using var unreachable = new GrpcDurableTaskClient("unreachable", new GrpcDurableTaskClientOptions { Address = "http://127.0.0.1:1" }, NullLogger.Instance);

        await Assert.ThrowsAnyAsync<Exception>(() => updates.UpdateAsync(graph, Descriptor("1.1", catalogueCpu: "750m"), request, unreachable));

        var version = await UntilVersionAsync(host, 2, "failed", seconds: 5);
        Assert.Contains("could not be sent", version.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PutAsync($"/graphs/{Graph}", Yaml(Descriptor("1.1", catalogueCpu: "750m")))).StatusCode);
    }

    [Fact]
    public async Task A_failed_helm_rollback_that_quotes_a_secret_value_fails_with_it_masked()
    {
        await using var host = await RunningAsync(Descriptor().Replace("""valuesOverwrite: { resources: { limits: { cpu: "500m" } } }""",
            """valuesOverwrite: { resources: { limits: { cpu: "500m" } }, db: { password: "s3cr3t-Pa$$" } }""", StringComparison.Ordinal));
        var services = host.Factory.Services;
        var rollback = new RollbackServiceActivity(services.GetRequiredService<GraphReader>(), new QuotingHelm(), services.GetRequiredService<GraphStore>(),
            services.GetRequiredService<SecretValues>());

        var failure = await Assert.ThrowsAsync<AdapterException>(() => rollback.RunAsync(new ServiceRevision(Graph, "web", 1), CancellationToken.None));

        Assert.DoesNotContain("s3cr3t-Pa$$", failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("password: ***", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.Reason.Length <= RollbackServiceActivity.MaxReason + 1, $"{failure.Reason.Length} characters");
    }

    private static async Task<ControlPlaneHost> RunningAsync(string? descriptor = null)
    {
        var host = await ControlPlaneHost.StartAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync($"/project/{Project}/graphs", Yaml(descriptor ?? Descriptor()))).StatusCode);
        await host.UntilGraphAsync(Graph, g => g.GetProperty("status").GetString() == "Running", "the graph runs");
        return host;
    }

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private static async Task<JsonElement> UntilVersionAsync(ControlPlaneHost host, int number, string state, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonElement found = default;
        while (DateTime.UtcNow < deadline)
        {
            var versions = await host.Client.GetFromJsonAsync<JsonElement>($"/graphs/{Graph}/versions");
            found = versions.GetProperty("versions").EnumerateArray().FirstOrDefault(v => v.GetProperty("number").GetInt32() == number);
            if (found.ValueKind == JsonValueKind.Object && found.GetProperty("state").GetString() == state)
            {
                return found;
            }

            await Task.Delay(250);
        }

        var graph = await host.GraphAsync(Graph);
        Assert.Fail($"Timed out waiting until version {number} is {state}: {found}; the graph's events: {graph.GetProperty("events")}");
        return found;
    }

    /// <summary>The simulator's releases of the graph, by service: revision and last deploy.</summary>
    private static async Task<Dictionary<string, (int Revision, string Updated)>> ReleasesAsync(ControlPlaneHost host)
    {
        using var http = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        var releases = await http.GetFromJsonAsync<JsonElement>($"sim/helm/releases/?namespace={Project}");
        return releases.EnumerateArray().ToDictionary(
            r => r.GetProperty("name").GetString()![(Graph.Length + 1)..],
            r => (int.Parse(r.GetProperty("revision").GetString()!, System.Globalization.CultureInfo.InvariantCulture), r.GetProperty("updated").GetString()!));
    }

    private static async Task<(int Revision, string Updated)> ReleaseAsync(ControlPlaneHost host, string service) => (await ReleasesAsync(host))[service];

    /// <summary>The CPU limit of the service's Deployment, as its chart rendered the values.</summary>
    private static async Task<string> CpuLimitAsync(ControlPlaneHost host, string service)
    {
        using var http = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        var deployment = await http.GetFromJsonAsync<JsonElement>($"apis/apps/v1/namespaces/{Project}/deployments/{service}");
        return deployment.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0]
            .GetProperty("resources").GetProperty("limits").GetProperty("cpu").GetString()!;
    }

    /// <summary>Every helm upgrade of the service's release fails with a 500 whose message says where it came from.</summary>
    private static async Task FailUpgradesOfAsync(ControlPlaneHost host, string service)
    {
        using var http = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        var fault = new { type = "apiError", status = 500, paths = new[] { $"/sim/helm/releases/{Project}/{Graph}-{service}" }, methods = new[] { "POST" } };
        (await http.PostAsJsonAsync("sim/faults", fault)).EnsureSuccessStatusCode();
    }

    /// <summary>Lists every release at revision 2 and refuses every rollback, quoting the release's values back at length.</summary>
    private sealed class QuotingHelm : IHelmRunner
    {
        public Task<string> UpgradeInstallAsync(HelmRelease release, CancellationToken cancellationToken = default) => Task.FromResult("deployed");

        public Task<bool> UninstallAsync(string release, string @namespace, CancellationToken cancellationToken = default) => Task.FromResult(true);

        public Task RollbackAsync(string release, string @namespace, int revision, CancellationToken cancellationToken = default) =>
            throw new AdapterException(ExternalSystem.Helm, "rollback", AdapterFailure.Rejected,
                $"rendering revision {revision} failed: db: password: s3cr3t-Pa$$ {new string('x', 2 * RollbackServiceActivity.MaxReason)}");

        public Task<IReadOnlyList<string>> ExistingAsync(IReadOnlyList<string> releases, string @namespace, CancellationToken cancellationToken = default) =>
            Task.FromResult(releases);

        public Task<IReadOnlyList<HelmListedRelease>> ListAsync(IReadOnlyList<string> releases, string @namespace, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<HelmListedRelease>>([.. releases.Select(r => new HelmListedRelease(r, 2, "deployed"))]);

        public Task<HelmReleaseStatus?> StatusAsync(string release, string @namespace, CancellationToken cancellationToken = default) =>
            Task.FromResult<HelmReleaseStatus?>(null);
    }
}
