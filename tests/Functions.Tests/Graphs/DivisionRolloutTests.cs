using Smo.Adapters.Karmada;
using Smo.Functions.Scaling;

namespace Smo.Functions.Tests.Graphs;

/// <summary>Make-before-break: no cluster's share shrinks before the shares the target grows are ready.</summary>
public sealed class DivisionRolloutTests
{
    private static ClusterReplicas On(string cluster, int scheduled, int ready) => new(cluster, scheduled, scheduled, ready, ready);

    [Fact]
    public void Step_keeps_every_scheduled_share_while_a_growing_share_is_not_ready()
    {
        var now = new[] { On("m1", 12, 12), On("m2", 10, 10) };
        var target = new Dictionary<string, int> { ["m2"] = 12, ["m3"] = 10 };

        var step = DivisionRollout.Step(now, target);

        Assert.Equal(new Dictionary<string, int> { ["m1"] = 12, ["m2"] = 12, ["m3"] = 10 }, step);
    }

    [Fact]
    public void Step_is_the_target_once_the_shares_it_grows_are_ready()
    {
        var now = new[] { On("m1", 12, 12), On("m2", 12, 12), On("m3", 10, 10) };
        var target = new Dictionary<string, int> { ["m2"] = 12, ["m3"] = 10 };

        Assert.Same(target, DivisionRollout.Step(now, target));
    }

    [Fact]
    public void Step_keeps_no_share_on_a_cluster_that_is_down_so_a_failovers_target_is_written_at_once()
    {
        // m1 failed: its share serves nothing, and keeping it would hold the old total until the next tick.
        var now = new[] { On("m1", 1, 1), On("m2", 1, 1) };
        var target = new Dictionary<string, int> { ["m2"] = 1, ["m3"] = 1 };

        Assert.Equal(new Dictionary<string, int> { ["m1"] = 1, ["m2"] = 1, ["m3"] = 1 }, DivisionRollout.Step(now, target));
        Assert.Equal(target, DivisionRollout.Step(now, target, new HashSet<string> { "m1" }));
    }

    [Fact]
    public async Task ApplyAsync_grows_the_total_before_the_weights_and_shrinks_it_after_them()
    {
        var fake = new FakeKarmada([On("m1", 12, 12), On("m2", 10, 10)]);
        var rollout = new DivisionRollout(fake, fake, fake);

        var making = await rollout.ApplyAsync("ns", "api", new Dictionary<string, int> { ["m2"] = 12, ["m3"] = 10 }, CancellationToken.None);
        fake.Now = [On("m1", 12, 12), On("m2", 12, 12), On("m3", 10, 10)];
        var breaking = await rollout.ApplyAsync("ns", "api", new Dictionary<string, int> { ["m2"] = 12, ["m3"] = 10 }, CancellationToken.None);

        Assert.False(making.Complete);
        Assert.True(breaking.Complete);
        Assert.Equal(["scale 34", "weights m1=12,m2=12,m3=10", "weights m2=12,m3=10", "scale 22"], fake.Calls);
    }

    [Fact]
    public async Task ApplyAsync_writes_nothing_when_karmada_already_schedules_the_step()
    {
        var fake = new FakeKarmada([On("m1", 12, 12), On("m2", 10, 4)]);
        var rollout = new DivisionRollout(fake, fake, fake);

        var step = await rollout.ApplyAsync("ns", "api", new Dictionary<string, int> { ["m1"] = 12, ["m2"] = 10 }, CancellationToken.None);
        var read = await rollout.ApplyAsync("ns", "api", new Dictionary<string, int> { ["m1"] = 12, ["m2"] = 10 }, CancellationToken.None, fake.Now);

        Assert.True(step.Complete);
        Assert.True(read.Complete);
        Assert.Empty(fake.Calls);
    }

    private sealed class FakeKarmada(IReadOnlyList<ClusterReplicas> now) : IKarmadaPropagationPolicies, IKarmadaResourceBindings, IKarmadaDeployments
    {
        public IReadOnlyList<ClusterReplicas> Now { get; set; } = now;

        public List<string> Calls { get; } = [];

        public Task<bool> ApplyDivisionAsync(string @namespace, string service, IReadOnlyDictionary<string, int> weights, CancellationToken cancellationToken = default)
        {
            Calls.Add("weights " + string.Join(",", weights.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}={w.Value}")));
            return Task.FromResult(true);
        }

        public Task<bool> RemoveDivisionAsync(string @namespace, string service, CancellationToken cancellationToken = default) => Task.FromResult(false);

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
