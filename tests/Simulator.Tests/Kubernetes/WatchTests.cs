using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Smo.Simulator.Hosting;
using Smo.Simulator.Kubernetes.Watching;
using Smo.Simulator.Tests.Helm;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Kubernetes;

/// <summary>Watches of the simulator read by KubernetesClient 21.0.8's own watcher, as Smo's control plane will read them.</summary>
public sealed class WatchTests : SimulatorTest
{
    private const string KarmadaGroup = "cluster.karmada.io";
    private const string KarmadaVersion = "v1alpha1";
    private k8s.Kubernetes _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Host.BaseAddress.ToString().TrimEnd('/') });
    }

    public override async Task DisposeAsync()
    {
        _client.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Cluster_watch_without_resourceVersion_starts_with_an_ADDED_per_cluster()
    {
        await using var feed = WatchClusters();

        var first = await feed.NextAsync();
        var second = await feed.NextAsync();

        Assert.Equal(WatchEventType.Added, first.Type);
        Assert.Equal(WatchEventType.Added, second.Type);
        Assert.Equal("big", Name(first.Object));
        Assert.Equal("small", Name(second.Object));
        Assert.Equal("Cluster", ((JsonElement)first.Object).GetProperty("kind").GetString());
        Assert.Equal("True", Ready(first.Object));
    }

    [Fact]
    public async Task Cluster_watch_sees_a_clusterNotReady_fault_as_MODIFIED_with_Ready_False_within_a_second()
    {
        await using var feed = WatchClusters();
        await feed.NextAsync();
        await feed.NextAsync();

        var faulted = Stopwatch.StartNew();
        await Client.PostAsync("/sim/faults", """{"type":"clusterNotReady","cluster":"big","duration":"10s"}""");
        var (type, item) = await feed.NextAsync(seconds: 1);

        Assert.Equal(WatchEventType.Modified, type);
        Assert.Equal("big", Name(item));
        Assert.Equal("False", Ready(item));
        Assert.True(faulted.Elapsed < TimeSpan.FromSeconds(1), $"MODIFIED after {faulted.Elapsed}");
    }

    [Fact]
    public async Task Cluster_watch_sees_a_clusterUnreachable_fault_as_MODIFIED_with_Ready_Unknown_and_the_unreachable_taint()
    {
        await using var feed = WatchClusters();
        await feed.NextAsync();
        await feed.NextAsync();

        await Client.PostAsync("/sim/faults", """{"type":"clusterUnreachable","cluster":"small","duration":"10s"}""");
        var (type, item) = await feed.NextAsync();

        Assert.Equal(WatchEventType.Modified, type);
        Assert.Equal("small", Name(item));
        Assert.Equal("Unknown", Ready(item));
        Assert.Equal("cluster.karmada.io/unreachable", Taints(item).Single());
    }

    [Fact]
    public async Task Cluster_watch_sees_a_clusterTaint_fault_and_its_end_as_MODIFIED()
    {
        await using var feed = WatchClusters();
        await feed.NextAsync();
        await feed.NextAsync();

        await Client.PostAsync("/sim/faults", """{"type":"clusterTaint","cluster":"big","key":"cluster.karmada.io/not-ready","duration":"10s"}""");
        var (tainted, item) = await feed.NextAsync();
        await Client.AdvanceAsync(11);
        var (untainted, after) = await feed.NextAsync();

        Assert.Equal(WatchEventType.Modified, tainted);
        Assert.Equal("True", Ready(item));
        Assert.Equal(["cluster.karmada.io/not-ready"], Taints(item));
        Assert.Equal(WatchEventType.Modified, untainted);
        Assert.Empty(Taints(after));
    }

    [Fact]
    public async Task Cluster_watch_from_a_list_resourceVersion_sees_only_later_changes()
    {
        await Client.PostAsync("/sim/faults", """{"type":"clusterNotReady","cluster":"small","duration":"10s"}""");
        var list = (JsonElement)await _client.CustomObjects.ListClusterCustomObjectAsync(KarmadaGroup, KarmadaVersion, "clusters");
        var listed = list.GetProperty("metadata").GetProperty("resourceVersion").GetString();

        await using var feed = WatchClusters(resourceVersion: listed);
        await Client.PostAsync("/sim/faults", """{"type":"clusterNotReady","cluster":"big","duration":"10s"}""");
        var (type, item) = await feed.NextAsync();

        Assert.Equal(WatchEventType.Modified, type);
        Assert.Equal("big", Name(item));
        Assert.True(long.Parse(((JsonElement)item).GetProperty("metadata").GetProperty("resourceVersion").GetString()!) > long.Parse(listed!));
    }

    [Fact]
    public async Task Cluster_watch_from_a_resourceVersion_older_than_the_history_gets_an_ERROR_410_Expired_and_ends()
    {
        await using var feed = WatchClusters(resourceVersion: "5");

        var events = await feed.UntilEndAsync();

        Assert.Empty(events);
        var error = Assert.IsType<KubernetesException>(Assert.Single(feed.Errors));
        Assert.Equal(410, error.Status.Code);
        Assert.Equal("Expired", error.Status.Reason);
        Assert.Equal("too old resource version: 5 (1001)", error.Status.Message);
    }

    [Fact]
    public async Task Cluster_watch_with_bookmarks_gets_BOOKMARK_events_carrying_the_current_resourceVersion()
    {
        await RestartWithBookmarksEvery(TimeSpan.FromMilliseconds(200));
        var list = (JsonElement)await _client.CustomObjects.ListClusterCustomObjectAsync(KarmadaGroup, KarmadaVersion, "clusters");
        var listed = list.GetProperty("metadata").GetProperty("resourceVersion").GetString();

        await using var feed = WatchClusters(resourceVersion: listed, bookmarks: true);
        var (type, item) = await feed.NextAsync(seconds: 2);

        Assert.Equal(WatchEventType.Bookmark, type);
        Assert.Equal(listed, ((JsonElement)item).GetProperty("metadata").GetProperty("resourceVersion").GetString());
        Assert.Equal("Cluster", ((JsonElement)item).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Watch_with_timeoutSeconds_ends_the_stream_after_that_time()
    {
        var watching = Stopwatch.StartNew();
        await using var feed = WatchClusters(timeoutSeconds: 1);

        var events = await feed.UntilEndAsync();

        Assert.Equal(2, events.Count);
        Assert.InRange(watching.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Deployment_watch_sees_a_helm_install_as_ADDED_and_its_uninstall_as_DELETED()
    {
        using var helm = new HelmStandIn(Host);
        await using var feed = new WatchFeed<V1Deployment>((onError, cancellation) =>
            _client.AppsV1.WatchListNamespacedDeploymentAsync("demo", onError: onError, cancellationToken: cancellation));

        await helm.InstallAsync("web", "clustersAffinity: [small]\n");
        var added = await feed.NextAsync();
        await helm.RunAsync("uninstall", "web", "--namespace", "demo", "--kubeconfig", helm.Kubeconfig);
        var deleted = await DrainUntil(feed, WatchEventType.Deleted);

        Assert.Equal(WatchEventType.Added, added.Type);
        Assert.Equal("web", added.Object.Metadata.Name);
        Assert.Equal("web", deleted.Object.Metadata.Name);
    }

    [Fact]
    public async Task Deployment_watch_with_a_label_selector_sees_an_object_that_stops_matching_as_DELETED()
    {
        var deployment = new DeploymentBuilder("web").On("big").Build();
        deployment["metadata"]!["labels"] = new JsonObject { ["tier"] = "front" };
        await Client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", deployment.ToJsonString());
        await using var feed = new WatchFeed<V1Deployment>((onError, cancellation) =>
            _client.AppsV1.WatchListNamespacedDeploymentAsync("demo", labelSelector: "tier=front", onError: onError, cancellationToken: cancellation));
        var added = await feed.NextAsync();

        await Client.PatchAsync("/apis/apps/v1/namespaces/demo/deployments/web", """{"metadata":{"labels":{"tier":"back"}}}""", "application/merge-patch+json");
        var (type, item) = await feed.NextAsync();

        Assert.Equal(WatchEventType.Added, added.Type);
        Assert.Equal(WatchEventType.Deleted, type);
        Assert.Equal("front", item.Metadata.Labels["tier"]);
    }

    [Fact]
    public async Task Watch_with_sendInitialEvents_is_refused_422_as_by_a_1_30_apiserver()
    {
        var (status, body) = await Client.GetAsync("/apis/cluster.karmada.io/v1alpha1/clusters?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan");

        Assert.Equal(422, status);
        Assert.Equal("Invalid", body["reason"]!.GetValue<string>());
        Assert.Contains("sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_beyond_the_hundredth_open_one_is_refused_429_TooManyRequests()
    {
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < WatchSlots.DefaultLimit; i++)
            {
                open.Add(await Client.Http.GetAsync("/api/v1/namespaces?watch=true", HttpCompletionOption.ResponseHeadersRead));
            }

            var (status, body) = await Client.GetAsync("/api/v1/namespaces?watch=true");

            Assert.All(open, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
            Assert.Equal(429, status);
            Assert.Equal("TooManyRequests", body["reason"]!.GetValue<string>());
        }
        finally
        {
            open.ForEach(response => response.Dispose());
        }
    }

    [Fact]
    public async Task Watch_ends_when_the_simulation_is_reset()
    {
        await using var feed = WatchClusters();
        await feed.NextAsync();
        await feed.NextAsync();

        using var reset = await Client.Http.PostAsync("/sim/reset", content: null);

        await feed.UntilEndAsync();
        Assert.Empty(feed.Errors);
    }

    private WatchFeed<object> WatchClusters(string? resourceVersion = null, bool bookmarks = false, int? timeoutSeconds = null) =>
        new((onError, cancellation) => _client.CustomObjects.WatchListClusterCustomObjectAsync(KarmadaGroup, KarmadaVersion, "clusters",
            allowWatchBookmarks: bookmarks, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError,
            cancellationToken: cancellation));

    private async Task RestartWithBookmarksEvery(TimeSpan interval)
    {
        await Host.DisposeAsync();
        var scenario = TestScenarios.Manual();
        Host = await SimulatorHost.StartAsync(scenario with
        {
            Simulation = scenario.Simulation with { WatchBookmarkInterval = interval },
        });
        _client.Dispose();
        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Host.BaseAddress.ToString().TrimEnd('/') });
    }

    private static async Task<(WatchEventType Type, V1Deployment Object)> DrainUntil(WatchFeed<V1Deployment> feed, WatchEventType wanted)
    {
        while (true)
        {
            var next = await feed.NextAsync();
            if (next.Type == wanted)
            {
                return next;
            }
        }
    }

    private static string? Name(object item) => ((JsonElement)item).GetProperty("metadata").GetProperty("name").GetString();

    private static IReadOnlyList<string?> Taints(object cluster) =>
        ((JsonElement)cluster).GetProperty("spec").TryGetProperty("taints", out var taints)
            ? [.. taints.EnumerateArray().Select(t => t.GetProperty("key").GetString())]
            : [];

    private static string? Ready(object cluster) => ((JsonElement)cluster).GetProperty("status").GetProperty("conditions").EnumerateArray()
        .Single(c => c.GetProperty("type").GetString() == "Ready").GetProperty("status").GetString();
}
