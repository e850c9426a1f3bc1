using System.Diagnostics;
using System.Text.Json.Nodes;
using Smo.Simulator.Faults;
using Smo.Simulator.Hosting;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Faults;

public sealed class FaultTests() : SimulatorTest(podStartDelay: "0s")
{
    private const string Clusters = "/apis/cluster.karmada.io/v1alpha1/clusters";

    [Fact]
    public async Task Api_error_with_a_count_fails_that_many_requests_with_an_InternalError_Status_then_stops()
    {
        await Client.PostAsync("/sim/faults", """{"type":"apiError","count":2}""");

        var first = await Client.GetAsync(Clusters);
        var second = await Client.GetAsync(Clusters);
        var third = await Client.GetAsync(Clusters);

        Assert.Equal(500, first.Status);
        Assert.Equal("InternalError", first.Body["reason"]!.GetValue<string>());
        Assert.StartsWith("Internal error occurred: ", first.Body["message"]!.GetValue<string>());
        Assert.Equal(500, second.Status);
        Assert.Equal(200, third.Status);
    }

    [Fact]
    public async Task Api_error_hits_only_the_paths_and_methods_it_names()
    {
        await Client.PostAsync("/sim/faults", """{"type":"apiError","status":503,"paths":["/apis/apps"],"methods":["PATCH"]}""");
        await Client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").Json());

        var read = await Client.GetAsync("/apis/apps/v1/namespaces/demo/deployments/web");
        var scale = await Client.PatchAsync("/apis/apps/v1/namespaces/demo/deployments/web/scale", """{"spec":{"replicas":2}}""", "application/merge-patch+json");
        var clusters = await Client.GetAsync(Clusters);

        Assert.Equal(200, read.Status);
        Assert.Equal(503, scale.Status);
        Assert.Equal("ServiceUnavailable", scale.Body["reason"]!.GetValue<string>());
        Assert.Equal(200, clusters.Status);
    }

    [Fact]
    public async Task Api_error_with_rate_zero_never_fires()
    {
        await Client.PostAsync("/sim/faults", """{"type":"apiError","rate":0}""");

        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await Client.GetAsync(Clusters)).Status);
        }

        Assert.All(statuses, status => Assert.Equal(200, status));
    }

    [Fact]
    public async Task Latency_delays_matching_requests()
    {
        await Client.PostAsync("/sim/faults", """{"type":"latency","delay":"400ms"}""");

        var watch = Stopwatch.StartNew();
        var (status, _) = await Client.GetAsync(Clusters);

        Assert.Equal(200, status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(400), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Hang_leaves_the_client_waiting_until_it_gives_up()
    {
        await Client.PostAsync("/sim/faults", """{"type":"hang","count":1}""");
        using var impatient = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromMilliseconds(500) };

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync(Clusters));
        var (after, _) = await Client.GetAsync(Clusters);

        Assert.Equal(200, after);
    }

    [Fact]
    public async Task Cluster_not_ready_flips_the_Ready_condition_taints_the_cluster_and_stops_its_pods()
    {
        await Client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").On("big").Replicas(2).Json());
        await Client.AdvanceAsync(1);

        var (created, _) = await Client.PostAsync("/sim/faults", """{"type":"clusterNotReady","cluster":"big","duration":"10s"}""");
        var (_, down) = await Client.GetAsync($"{Clusters}/big");
        var (_, deployment) = await Client.GetAsync("/apis/apps/v1/namespaces/demo/deployments/web");
        await Client.AdvanceAsync(11);
        var (_, recovered) = await Client.GetAsync($"{Clusters}/big");

        Assert.Equal(201, created);
        var ready = down["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready")!;
        Assert.Equal("False", ready["status"]!.GetValue<string>());
        Assert.Equal("ClusterNotReachable", ready["reason"]!.GetValue<string>());
        Assert.Equal("cluster is not reachable", ready["message"]!.GetValue<string>());
        // Karmada's cluster controller taints by the Ready status, not by its reason: False is not-ready.
        Assert.Equal("cluster.karmada.io/not-ready", down["spec"]!["taints"]![0]!["key"]!.GetValue<string>());
        Assert.Equal(ready["lastTransitionTime"]!.GetValue<string>(), down["spec"]!["taints"]![0]!["timeAdded"]!.GetValue<string>());
        Assert.False(down["status"]!["nodeSummary"]!.AsObject().ContainsKey("readyNum"));
        Assert.False(deployment["status"]!.AsObject().ContainsKey("readyReplicas"));
        Assert.Equal("True", recovered["status"]!["conditions"]![1]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cluster_unreachable_sets_Ready_Unknown_keeps_the_last_posted_status_and_taints_the_cluster_unreachable()
    {
        await Client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").On("big").Replicas(2).Json());
        await Client.AdvanceAsync(1);
        var (_, before) = await Client.GetAsync($"{Clusters}/big");

        var (created, _) = await Client.PostAsync("/sim/faults", """{"type":"clusterUnreachable","cluster":"big"}""");
        var (_, down) = await Client.GetAsync($"{Clusters}/big");
        var (_, deployment) = await Client.GetAsync("/apis/apps/v1/namespaces/demo/deployments/web");

        Assert.Equal(201, created);
        var ready = ReadyCondition(down);
        Assert.Equal("Unknown", ready["status"]!.GetValue<string>());
        Assert.Equal("ClusterStatusUnknown", ready["reason"]!.GetValue<string>());
        Assert.Equal("Cluster status controller stopped posting cluster status.", ready["message"]!.GetValue<string>());
        var taint = Assert.Single(down["spec"]!["taints"]!.AsArray())!;
        Assert.Equal("cluster.karmada.io/unreachable", taint["key"]!.GetValue<string>());
        Assert.Equal("NoSchedule", taint["effect"]!.GetValue<string>());
        Assert.Equal(ready["lastTransitionTime"]!.GetValue<string>(), taint["timeAdded"]!.GetValue<string>());
        // Nobody posts the status any more: what was last reported stays, readyNum and allocations included.
        Assert.True(JsonNode.DeepEquals(before["status"]!["nodeSummary"], down["status"]!["nodeSummary"]));
        Assert.True(JsonNode.DeepEquals(before["status"]!["resourceSummary"], down["status"]!["resourceSummary"]));
        Assert.False(deployment["status"]!.AsObject().ContainsKey("readyReplicas"));
    }

    [Fact]
    public async Task Cluster_unreachable_wins_over_not_ready_and_a_new_reason_alone_keeps_the_transition_time()
    {
        await Client.PostAsync("/sim/faults", """{"type":"clusterNotReady","cluster":"big","reason":"ClusterNotReady","duration":"5s"}""");
        var (_, first) = await Client.GetAsync($"{Clusters}/big");
        await Client.PostAsync("/sim/faults", """{"type":"clusterNotReady","cluster":"big","reason":"ClusterNotReachable","at":"3s"}""");
        await Client.AdvanceAsync(6);
        var (_, second) = await Client.GetAsync($"{Clusters}/big");
        await Client.PostAsync("/sim/faults", """{"type":"clusterUnreachable","cluster":"big"}""");
        var (_, unknown) = await Client.GetAsync($"{Clusters}/big");

        Assert.Equal("ClusterNotReady", ReadyCondition(first)["reason"]!.GetValue<string>());
        Assert.Equal("ClusterNotReachable", ReadyCondition(second)["reason"]!.GetValue<string>());
        Assert.Equal(ReadyCondition(first)["lastTransitionTime"]!.GetValue<string>(), ReadyCondition(second)["lastTransitionTime"]!.GetValue<string>());
        Assert.Equal("Unknown", ReadyCondition(unknown)["status"]!.GetValue<string>());
        Assert.NotEqual(ReadyCondition(second)["lastTransitionTime"]!.GetValue<string>(), ReadyCondition(unknown)["lastTransitionTime"]!.GetValue<string>());
        Assert.Equal("cluster.karmada.io/unreachable", Assert.Single(unknown["spec"]!["taints"]!.AsArray())!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cluster_taint_fault_taints_a_ready_cluster_and_keeps_new_work_off_it()
    {
        var (created, _) = await Client.PostAsync("/sim/faults",
            """{"type":"clusterTaint","cluster":"big","key":"cluster.karmada.io/not-ready","effect":"NoExecute","duration":"10s"}""");
        var (_, tainted) = await Client.GetAsync($"{Clusters}/big");
        await Client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").On("big").Json());
        var (_, binding) = await Client.GetAsync("/apis/work.karmada.io/v1alpha2/namespaces/demo/resourcebindings/web-deployment");
        await Client.AdvanceAsync(11);
        var (_, untainted) = await Client.GetAsync($"{Clusters}/big");

        Assert.Equal(201, created);
        Assert.Equal("True", ReadyCondition(tainted)["status"]!.GetValue<string>());
        var taint = Assert.Single(tainted["spec"]!["taints"]!.AsArray())!;
        Assert.Equal("cluster.karmada.io/not-ready", taint["key"]!.GetValue<string>());
        Assert.Equal("NoExecute", taint["effect"]!.GetValue<string>());
        Assert.False(taint.AsObject().ContainsKey("value"));
        Assert.NotNull(taint["timeAdded"]);
        var scheduled = binding["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Scheduled")!;
        Assert.Equal("False", scheduled["status"]!.GetValue<string>());
        Assert.Contains("cluster(s) had untolerated taint {cluster.karmada.io/not-ready:NoExecute}", scheduled["message"]!.GetValue<string>());
        Assert.False(untainted["spec"]!.AsObject().ContainsKey("taints"));
    }

    [Fact]
    public async Task Api_error_403_answers_a_Forbidden_Status()
    {
        await Client.PostAsync("/sim/faults", """{"type":"apiError","status":403,"count":1}""");

        var (status, body) = await Client.GetAsync(Clusters);

        Assert.Equal(403, status);
        Assert.Equal("Forbidden", body["reason"]!.GetValue<string>());
        Assert.StartsWith("forbidden: fault 1 injected by the simulator", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_write_makes_the_next_replace_with_the_version_read_a_409_Conflict_once()
    {
        const string rule = "/apis/monitoring.coreos.com/v1/namespaces/monitoring/prometheusrules/kube-prometheus-stack-0";
        await Client.PostAsync("/sim/faults", """{"type":"concurrentWrite","count":1,"paths":["/apis/monitoring.coreos.com"]}""");
        var (_, read) = await Client.GetAsync(rule);

        var (conflict, status) = await Client.PutAsync(rule, read.ToJsonString());
        var (_, fresh) = await Client.GetAsync(rule);
        var (retried, _) = await Client.PutAsync(rule, fresh.ToJsonString());
        var faults = await Client.Http.GetStringAsync("/sim/faults");

        Assert.Equal(409, conflict);
        Assert.Equal("Conflict", status["reason"]!.GetValue<string>());
        Assert.NotEqual(read["metadata"]!["resourceVersion"]!.GetValue<string>(), fresh["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("fault 1", fresh["metadata"]!["annotations"]![ConcurrentWriter.Annotation]!.GetValue<string>());
        Assert.Equal(200, retried);
        Assert.Contains("\"hits\":1", faults);
    }

    [Fact]
    public async Task Concurrent_write_does_not_draw_on_reads()
    {
        await Client.PostAsync("/sim/faults", """{"type":"concurrentWrite","count":1}""");

        await Client.GetAsync("/apis/monitoring.coreos.com/v1/namespaces/monitoring/prometheusrules/kube-prometheus-stack-0");
        var faults = await Client.Http.GetStringAsync("/sim/faults");

        Assert.Contains("\"hits\":0", faults);
        Assert.Contains("\"methods\":[\"PUT\",\"PATCH\"]", faults);
    }

    [Fact]
    public async Task Scenario_faults_start_at_their_time()
    {
        await using var host = await SimulatorHost.StartAsync(TestScenarios.Manual(faults: "[{type: apiError, at: 10s}]"));
        using var client = new SimulatorClient(host);

        var (before, _) = await client.GetAsync(Clusters);
        await client.AdvanceAsync(10);
        var (after, _) = await client.GetAsync(Clusters);

        Assert.Equal(200, before);
        Assert.Equal(500, after);
    }

    [Fact]
    public async Task Faults_can_be_listed_and_removed()
    {
        await Client.PostAsync("/sim/faults", """{"type":"apiError"}""");
        var listed = await Client.Http.GetStringAsync("/sim/faults");

        using var removed = await Client.Http.DeleteAsync("/sim/faults/1");
        var (after, _) = await Client.GetAsync(Clusters);

        Assert.Contains("\"type\":\"apiError\"", listed);
        Assert.Equal(204, (int)removed.StatusCode);
        Assert.Equal(200, after);
    }

    [Theory]
    [InlineData("""{"type":"explode"}""", "type (line 1, column 9): unknown fault type 'explode'")]
    [InlineData("""{"type":"clusterNotReady"}""", "a clusterNotReady fault needs 'cluster'")]
    [InlineData("""{"type":"clusterNotReady","cluster":"moon"}""", "cluster (line 1, column 37): no cluster named 'moon' (clusters: big, small)")]
    [InlineData("""{"type":"apiError","rate":2}""", "rate (line 1, column 27): 2 is out of range [0, 1]")]
    [InlineData("""{"type":"apiError","status":404}""", "status 404 is not an injectable error")]
    [InlineData("""{"type":"concurrentWrite","methods":["GET"]}""", "a concurrentWrite fault precedes writes only (PUT, PATCH), not GET")]
    [InlineData("""{"type":"latency"}""", "a latency fault needs a positive 'delay'")]
    [InlineData("""{"type":"apiError","colour":"red"}""", "unknown key 'colour'")]
    [InlineData("""{"type":"clusterUnreachable"}""", "a clusterUnreachable fault needs 'cluster'")]
    [InlineData("""{"type":"clusterUnreachable","cluster":"big","reason":"ClusterNotReady"}""", "reason must be ClusterStatusUnknown")]
    [InlineData("""{"type":"clusterNotReady","cluster":"big","reason":"ClusterStatusUnknown"}""", "reason must be ClusterNotReachable or ClusterNotReady")]
    [InlineData("""{"type":"clusterNotReady","cluster":"big","key":"a"}""", "only a clusterTaint fault takes 'key'")]
    [InlineData("""{"type":"clusterTaint","cluster":"big"}""", "missing required key 'key'")]
    [InlineData("""{"type":"clusterTaint","cluster":"big","key":"x","effect":"PreferNoSchedule"}""",
        "Unsupported value: \"PreferNoSchedule\": supported values: \"NoSchedule\", \"NoExecute\"")]
    [InlineData("""{"type":"clusterTaint","cluster":"big","key":"bad key"}""", "Invalid value: \"bad key\": name part must consist of alphanumeric characters")]
    [InlineData("""{"type":"clusterTaint","cluster":"big","key":"Example.com/x"}""", "prefix part a lowercase RFC 1123 subdomain")]
    [InlineData("""{"type":"clusterTaint","cluster":"big","key":"x","value":"-down"}""", "Invalid value: \"-down\": a valid label must be an empty string")]
    public async Task Bad_fault_is_400_problem_saying_where_and_why(string body, string expected)
    {
        using var response = await Client.Http.PostAsync("/sim/faults", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(expected, System.Text.Json.JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString());
    }

    private static JsonNode ReadyCondition(JsonNode cluster) =>
        cluster["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready")!;
}
