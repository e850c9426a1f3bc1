using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Smo.Adapters.Karmada;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Installs;
using Smo.Functions.Scaling;
using Smo.Functions.Tests.Infrastructure;
using Smo.Store.Clusters;
using Smo.Store.Events;
using Smo.Store.Graphs;

namespace Smo.Functions.Tests.Graphs;

/// <summary>
/// A move make-before-break, step by step against Karmada's bindings: the target starts beside a ready cluster that
/// serves, the old stops once the target is ready, the chart's placement takes the service back; nothing is kept from
/// a cluster that is down; a target that never gets ready is moved to all the same, with a warning.
/// </summary>
public sealed class MoveRolloutTests
{
    private static readonly (string, string) NoTimerSync = ("ClusterInventorySyncSchedule", "0 0 0 1 1 *");

    private static ClusterReplicas On(string cluster, int scheduled, int ready) => new(cluster, scheduled, scheduled, ready, ready);

    [Fact]
    public async Task The_target_starts_beside_the_serving_cluster_which_stops_once_the_target_is_ready_then_the_chart_takes_the_service_back()
    {
        await using var host = await StartAsync(m1Ready: true);
        var fake = new FakeKarmada([On("m1", 2, 2)]);
        var moves = Moves(host, fake);

        var move = await moves.BeginAsync("ns", "api", "m2", 2, CancellationToken.None);
        var begun = fake.Calls.ToList();
        fake.Now = [On("m1", 2, 2), On("m2", 2, 2)];
        await moves.FinishAsync("g", move!, CancellationToken.None);

        Assert.Equal(["m1"], move!.From);
        Assert.Equal(["scale 4", "weights m1=2,m2=2"], begun);
        Assert.Equal(["scale 4", "weights m1=2,m2=2", "weights m2=2", "scale 2", "undivide"], fake.Calls);
    }

    [Fact]
    public async Task Nothing_is_kept_from_a_cluster_that_is_down_nor_when_nothing_serves_elsewhere()
    {
        await using var host = await StartAsync(m1Ready: false);
        var down = new FakeKarmada([On("m1", 2, 2)]);
        var fresh = new FakeKarmada([]);

        var offDown = await Moves(host, down).BeginAsync("ns", "api", "m2", 2, CancellationToken.None);
        var firstInstall = await Moves(host, fresh).BeginAsync("ns", "api", "m2", 2, CancellationToken.None);

        Assert.Null(offDown);
        Assert.Null(firstInstall);
        Assert.Empty(down.Calls);
        Assert.Empty(fresh.Calls);
    }

    [Fact]
    public async Task A_target_still_not_ready_after_the_pod_start_delay_is_moved_to_all_the_same_and_a_warning_says_so()
    {
        await using var host = await StartAsync(m1Ready: true);
        await host.Factory.Services.GetRequiredService<GraphStore>().TryCreateAsync(
            new NewGraph("g", "ns", JsonSerializer.SerializeToElement(new { }), new GraphStrategies("smo-milp", "smo-milp", new Dictionary<string, double>(), TimeSpan.FromSeconds(30)),
            [new NewService("api", ServiceStatus.Deployed, Conditional: false, new ServiceArtifact("oci://registry.local/api"), new ServiceResources(1, 1, 1))]));
        var fake = new FakeKarmada([On("m1", 2, 2)]);
        var moves = Moves(host, fake, podStartDelay: TimeSpan.FromMilliseconds(300));
        var move = await moves.BeginAsync("ns", "api", "m2", 2, CancellationToken.None);
        fake.Now = [On("m1", 2, 2), On("m2", 2, 0)];
        fake.Calls.Clear();

        await moves.FinishAsync("g", move!, CancellationToken.None);

        // The doubled total comes down before the chart takes the Deployment back.
        Assert.Equal(["scale 2", "undivide"], fake.Calls);
        var warning = Assert.Single(await host.Factory.Services.GetRequiredService<EventLog>().LatestAsync("g", 10));
        Assert.Equal(("warning", "api"), (warning.Kind, warning.Service));
        Assert.Equal("api moved to m2 without its replicas there ready after 0.3 s (Pending: no room?); the old ones on m1 stopped all the same.", warning.Message);
    }

    private static async Task<StoreHost> StartAsync(bool m1Ready)
    {
        var host = StoreHost.Start(new Dictionary<string, string> { [NoTimerSync.Item1] = NoTimerSync.Item2 });
        await host.Factory.Services.GetRequiredService<ClusterStore>().UpsertFromInventoryAsync(
            [new ClusterInventoryItem("m1", 16, 8, 64, 32, Gpu: false, Ready: m1Ready), new ClusterInventoryItem("m2", 16, 8, 64, 32, Gpu: false, Ready: true)]);
        return host;
    }

    private static MoveRollout Moves(StoreHost host, FakeKarmada fake, TimeSpan? podStartDelay = null) => new(
        new DivisionRollout(fake, fake, fake), fake, fake,
        host.Factory.Services.GetRequiredService<ClusterStore>(), host.Factory.Services.GetRequiredService<EventLog>(),
        new GraphDefaults { PodStartDelay = podStartDelay ?? TimeSpan.FromSeconds(10) }, TimeProvider.System, NullLogger<MoveRollout>.Instance);

    private sealed class FakeKarmada(IReadOnlyList<ClusterReplicas> now) : IKarmadaPropagationPolicies, IKarmadaResourceBindings, IKarmadaDeployments
    {
        public IReadOnlyList<ClusterReplicas> Now { get; set; } = now;

        public List<string> Calls { get; } = [];

        public Task<bool> ApplyDivisionAsync(string @namespace, string service, IReadOnlyDictionary<string, int> weights, CancellationToken cancellationToken = default)
        {
            Calls.Add("weights " + string.Join(",", weights.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}={w.Value}")));
            return Task.FromResult(true);
        }

        public Task<bool> RemoveDivisionAsync(string @namespace, string service, CancellationToken cancellationToken = default)
        {
            Calls.Add("undivide");
            return Task.FromResult(true);
        }

        public Task<IReadOnlyList<ClusterReplicas>> GetClusterReplicasAsync(string @namespace, string deployment, CancellationToken cancellationToken = default) =>
            Task.FromResult(Now);

        public Task<IReadOnlyDictionary<string, IReadOnlyList<ClusterReplicas>>> ListClusterReplicasAsync(string @namespace, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<int> ScaleAsync(string @namespace, string name, int replicas, CancellationToken cancellationToken = default)
        {
            Calls.Add($"scale {replicas}");
            return Task.FromResult(replicas);
        }

        public Task<DeploymentReplicas> GetReplicasAsync(string @namespace, string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<string, DeploymentReplicas>> ListReplicasAsync(string @namespace, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<DeploymentCpuLimit> GetCpuLimitAsync(string @namespace, string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
