using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smo.Adapters.Karmada;
using Smo.Adapters.Tests.Infrastructure;
using Smo.Simulator.Hosting;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Kubernetes.Watching;

namespace Smo.Adapters.Tests.Karmada;

/// <summary>
/// The cluster watch against the simulator's Karmada: what it reports as a cluster's availability changes, and how it
/// keeps following when the watch expires, ends or drops.
/// </summary>
public sealed class KarmadaClusterWatchTests : IAsyncDisposable
{
    private readonly ListLogger<KarmadaClusterWatch> _logger = new();
    private SimulatedKarmada? _karmada;
    private ServiceProvider? _services;
    private ClusterChangeFeed? _feed;

    public async ValueTask DisposeAsync()
    {
        if (_feed is not null)
        {
            await _feed.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_karmada is not null)
        {
            await _karmada.DisposeAsync();
        }
    }

    private static FederationScenario TwoClusters() => new FederationScenario().Cluster("member1").Cluster("member2");

    private async Task<ClusterChangeFeed> WatchAsync(FederationScenario scenario, params (string Key, string? Value)[] settings)
    {
        _karmada = await SimulatedKarmada.StartAsync(scenario);
        return Watch(_karmada.BaseUrl, settings);
    }

    private ClusterChangeFeed Watch(Uri karmada, params (string Key, string? Value)[] settings)
    {
        var resilience = AdapterServices.FastResilience("Smo:Karmada", maxRetries: 0).Select(s => (s.Key, s.Value));
        _services = AdapterServices.Build(AdapterServices.Settings(
            [.. resilience, ("Smo:Karmada:Host", karmada.ToString()), ("Smo:Karmada:WatchRetryDelay", "00:00:00.050"), .. settings]));
        var watch = new KarmadaClusterWatch(_services.GetRequiredService<KarmadaApi>(), _services.GetRequiredService<IOptions<KarmadaOptions>>(), _logger);
        return _feed = new ClusterChangeFeed(watch);
    }

    /// <summary>The changes the watch reports first: each cluster there, as joining.</summary>
    private static async Task<IReadOnlyList<ClusterChange>> JoinedAsync(ClusterChangeFeed feed, int clusters)
    {
        var joined = new List<ClusterChange>();
        for (var i = 0; i < clusters; i++)
        {
            joined.Add(await feed.NextAsync());
        }

        return joined;
    }

    [Fact]
    public async Task WatchAsync_reports_every_cluster_there_at_the_start_as_joining()
    {
        var feed = await WatchAsync(TwoClusters().Fault(new JsonObject { ["type"] = "clusterNotReady", ["cluster"] = "member2" }));

        var joined = await JoinedAsync(feed, 2);

        Assert.Equal(["member1", "member2"], joined.Select(c => c.Cluster));
        Assert.All(joined, c => Assert.Null(c.Before));
        Assert.True(joined[0].After!.Ready);
        Assert.False(joined[1].After!.Ready);
    }

    [Fact]
    public async Task WatchAsync_reports_a_clusterNotReady_fault_as_the_cluster_lost_since_the_Ready_conditions_transition()
    {
        var feed = await WatchAsync(TwoClusters());
        await JoinedAsync(feed, 2);

        await _karmada!.InjectAsync(new JsonObject { ["type"] = "clusterNotReady", ["cluster"] = "member1", ["reason"] = "ClusterNotReady" });
        var change = await feed.NextAsync();

        Assert.Equal("member1", change.Cluster);
        Assert.True(change.Lost);
        Assert.Equal("Ready is False: ClusterNotReady cluster is reachable but health endpoint responded without ok; tainted cluster.karmada.io/not-ready:NoSchedule",
            change.After!.NotReadyReason);
        Assert.Equal(DateTimeOffset.Parse(ReadyTransition("member1")), change.After.NotReadySince);
    }

    [Fact]
    public async Task WatchAsync_reads_Ready_Unknown_as_the_cluster_lost()
    {
        var feed = await WatchAsync(TwoClusters());
        await JoinedAsync(feed, 2);

        await _karmada!.InjectAsync(new JsonObject { ["type"] = "clusterUnreachable", ["cluster"] = "member2" });
        var change = await feed.NextAsync();

        Assert.Equal("member2", change.Cluster);
        Assert.True(change.Lost);
        Assert.StartsWith("Ready is Unknown: ClusterStatusUnknown Cluster status controller stopped posting cluster status.", change.After!.NotReadyReason);
    }

    [Theory]
    [InlineData("cluster.karmada.io/not-ready", "NoSchedule")]
    [InlineData("cluster.karmada.io/unreachable", "NoExecute")]
    public async Task WatchAsync_reads_a_failure_taint_on_a_cluster_Karmada_calls_Ready_as_the_cluster_lost(string key, string effect)
    {
        var feed = await WatchAsync(TwoClusters());
        await JoinedAsync(feed, 2);

        await _karmada!.InjectAsync(new JsonObject { ["type"] = "clusterTaint", ["cluster"] = "member1", ["key"] = key, ["effect"] = effect });
        var change = await feed.NextAsync();

        Assert.True(change.Lost);
        Assert.Equal($"tainted {key}:{effect}", change.After!.NotReadyReason);
        Assert.NotNull(change.After.NotReadySince);
    }

    [Fact]
    public async Task WatchAsync_does_not_report_a_taint_that_says_nothing_of_failure()
    {
        var feed = await WatchAsync(TwoClusters());
        await JoinedAsync(feed, 2);

        await _karmada!.InjectAsync(new JsonObject { ["type"] = "clusterTaint", ["cluster"] = "member1", ["key"] = "example.com/maintenance" });
        await _karmada.InjectAsync(new JsonObject { ["type"] = "clusterNotReady", ["cluster"] = "member2" });
        var change = await feed.NextAsync();

        Assert.Equal("member2", change.Cluster);
    }

    [Fact]
    public async Task WatchAsync_lists_again_after_a_410_Expired_and_reports_what_the_lost_history_hid()
    {
        var feed = await WatchAsync(TwoClusters());
        await JoinedAsync(feed, 2);

        // A cluster joins, then more writes than the server keeps: the watch falls behind its history.
        _karmada!.Host.Simulation.Write(state =>
        {
            var copy = state.Store.Get(ResourceCatalog.KarmadaClusters, null, "member2")!;
            copy["metadata"]!["name"] = "member3";
            state.Store.Create(ResourceCatalog.KarmadaClusters, copy);
            for (var i = 0; i <= ChangeLog.DefaultCapacity; i++)
            {
                var ns = state.Store.Get(ResourceCatalog.Namespaces, null, "default")!;
                ns["metadata"]!["annotations"] = new JsonObject { ["test/write"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                state.Store.Update(ResourceCatalog.Namespaces, ns);
            }

            return state.Store.CurrentVersionNumber;
        });
        var joined = await feed.NextAsync();
        await _karmada.InjectAsync(new JsonObject { ["type"] = "clusterNotReady", ["cluster"] = "member1" });
        var lost = await feed.NextAsync();

        Assert.Equal(("member3", true), (joined.Cluster, joined.Before is null && joined.After is { Ready: true }));
        Assert.True(_logger.Logged("410 Expired: too old resource version"), string.Join("\n", _logger.Lines));
        Assert.Equal(("member1", true), (lost.Cluster, lost.Lost));
    }

    [Fact]
    public async Task WatchAsync_watches_on_when_Karmada_ends_the_stream_at_its_timeout()
    {
        var feed = await WatchAsync(TwoClusters(), ("Smo:Karmada:WatchTimeout", "00:00:01"));
        await JoinedAsync(feed, 2);
        var watches = await _karmada!.CountRequestsAsync("/apis/cluster.karmada.io");

        await Eventually.HoldsAsync(() => _karmada.HitsAsync(watches), hits => hits >= 2, TimeSpan.FromSeconds(20), "two watches after the first");
        await _karmada.InjectAsync(new JsonObject { ["type"] = "clusterNotReady", ["cluster"] = "member2" });
        var change = await feed.NextAsync();

        Assert.Equal(("member2", true), (change.Cluster, change.Lost));
        Assert.Empty(feed.Drain());
    }

    [Fact]
    public async Task WatchAsync_keeps_one_stream_open_longer_than_a_calls_timeouts()
    {
        var feed = await WatchAsync(TwoClusters(), ("Smo:Karmada:WatchTimeout", "00:01:00"),
            ("Smo:Karmada:Resilience:AttemptTimeout", "00:00:00.500"), ("Smo:Karmada:Resilience:TotalTimeout", "00:00:01"));
        await JoinedAsync(feed, 2);
        var requests = await _karmada!.CountRequestsAsync("/apis/cluster.karmada.io");

        await Task.Delay(TimeSpan.FromSeconds(2));
        await _karmada.InjectAsync(new JsonObject { ["type"] = "clusterNotReady", ["cluster"] = "member1" });
        var change = await feed.NextAsync();

        Assert.Equal(("member1", true), (change.Cluster, change.Lost));
        Assert.Equal(0, await _karmada.HitsAsync(requests));
    }

    [Fact]
    public async Task WatchAsync_reconnects_with_backoff_after_the_stream_drops_and_Karmada_is_down_for_a_while()
    {
        var scenario = TwoClusters().Build();
        var port = FreePort();
        var karmada = await SimulatorHost.StartAsync(scenario, $"http://127.0.0.1:{port}");
        var feed = Watch(karmada.BaseAddress);
        await JoinedAsync(feed, 2);

        await karmada.DisposeAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(_logger.Lines.Count(l => l.Message.Contains("failed or dropped", StringComparison.Ordinal))),
            failures => failures >= 3, TimeSpan.FromSeconds(20), "three failed reconnections");
        await using var back = await SimulatorHost.StartAsync(scenario, $"http://127.0.0.1:{port}");
        using var control = new HttpClient { BaseAddress = back.BaseAddress };
        (await control.PostAsync("sim/faults", new StringContent("""{"type":"clusterNotReady","cluster":"member1"}"""))).EnsureSuccessStatusCode();
        var change = await feed.NextOfAsync("member1", seconds: 45);

        Assert.True(change.Lost);
        // One warning for the outage, and one line when it is over — not one per attempt.
        Assert.True(_logger.Logged("failure 1 in a row", LogLevel.Warning), string.Join("\n", _logger.Lines));
        Assert.False(_logger.Logged("failure 2 in a row", LogLevel.Warning));
        Assert.True(_logger.Logged("following Karmada's clusters again", LogLevel.Information));
    }

    [Fact]
    public async Task WatchAsync_reports_a_cluster_that_joins_and_leaves_the_federation()
    {
        var feed = await WatchAsync(TwoClusters());
        await JoinedAsync(feed, 2);

        _karmada!.StoreEditedClusterCopy("member2", cluster => cluster["metadata"]!["name"] = "member3");
        var joined = await feed.NextAsync();
        _karmada.Host.Simulation.Write(state => state.Store.Delete(ResourceCatalog.KarmadaClusters, null, "member3"));
        var left = await feed.NextAsync();

        Assert.Equal(("member3", null, true), (joined.Cluster, joined.Before, joined.After!.Ready));
        Assert.Equal(("member3", true, null), (left.Cluster, left.Before!.Ready, left.After));
    }

    private string ReadyTransition(string cluster) =>
        _karmada!.Stored(ResourceCatalog.KarmadaClusters, null, cluster)["status"]!["conditions"]!.AsArray()
            .Single(c => c!["type"]!.GetValue<string>() == "Ready")!["lastTransitionTime"]!.GetValue<string>();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
