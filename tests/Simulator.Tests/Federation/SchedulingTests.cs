using Smo.Simulator.Federation;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Federation;

/// <summary>
/// The scheduler keeps each cluster's allocated resources as pods are placed and removed, and looks only at the
/// Deployments still waiting: after any sequence of creates, scales, moves, deletes and cluster outages, what it
/// keeps must equal a count from scratch, and no waiting pod may fit where it waits — with PropagationPolicies written
/// and deleted among them, so Deployments are divided over both clusters and moved between claims.
/// </summary>
public sealed class SchedulingTests
{
    private static readonly string[] Clusters = ["big", "small"];
    private static readonly string[] Cpus = ["250m", "500m", "1", "2"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Kept_tallies_match_a_recount_after_random_changes(int seed)
    {
        var random = new Random(seed);
        var outage = """[{"type": "clusterNotReady", "cluster": "small", "at": "20s", "duration": "15s"}]""";
        var simulation = new Simulation(TestScenarios.Manual(podStartDelay: "2s", faults: outage), TimeProvider.System);
        var names = Enumerable.Range(0, 12).Select(i => $"app-{i}").ToArray();
        var deployed = new HashSet<string>(StringComparer.Ordinal);
        var divided = false;
        for (var step = 0; step < 200; step++)
        {
            var name = names[random.Next(names.Length)];
            switch (random.Next(6))
            {
                case 5:
                    // A policy written or deleted: claims and divisions move, pods stop and start.
                    var policyName = $"policy-{random.Next(3)}";
                    var policies = new KubernetesApi(simulation);
                    var existing = simulation.Read(state => state.Store.Get(ResourceCatalog.PropagationPolicies, "demo", policyName));
                    var written = existing is null
                        ? policies.Create(ResourceCatalog.PropagationPolicies, "demo", RandomPolicy(random, policyName, names).ToJsonString())
                        : policies.Delete(ResourceCatalog.PropagationPolicies, "demo", policyName);
                    Assert.True(written.StatusCode < 300, $"step {step}: {written.StatusCode} {written.Body.ToJsonString()}");
                    break;
                case 0 when !deployed.Contains(name):
                case 1 when deployed.Contains(name):
                    // Created, or moved (a new cluster or size restarts every pod).
                    var body = new DeploymentBuilder(name).On(Clusters[random.Next(2)]).Cpu(Cpus[random.Next(Cpus.Length)]).Replicas(random.Next(0, 5)).Build();
                    var api = new KubernetesApi(simulation);
                    var answer = deployed.Add(name)
                        ? api.Create(ResourceCatalog.Deployments, "demo", body.ToJsonString())
                        : api.Replace(ResourceCatalog.Deployments, "demo", name, WithVersion(simulation, name, body).ToJsonString());
                    Assert.True(answer.StatusCode < 300, $"step {step}: {answer.StatusCode}");
                    break;
                case 2 when deployed.Contains(name):
                    Assert.True(simulation.Scale(name, random.Next(0, 7)).StatusCode < 300);
                    break;
                case 3 when deployed.Remove(name):
                    Assert.True(simulation.Delete(name).StatusCode < 300);
                    break;
                default:
                    simulation.Advance(TimeSpan.FromMilliseconds(random.Next(100, 1500)));
                    break;
            }

            divided |= simulation.Read(state =>
            {
                AssertConsistent(state, step);
                return state.Deployments.Values.Any(d => d.Shares.Count > 1);
            });
        }

        Assert.True(divided, "no Deployment was ever divided: the mix does not exercise divisions");
    }

    private static System.Text.Json.Nodes.JsonObject WithVersion(Simulation simulation, string name, System.Text.Json.Nodes.JsonObject body)
    {
        var version = simulation.Read(state => state.Store.Peek(ResourceCatalog.Deployments, "demo", name)!["metadata"]!["resourceVersion"]!.GetValue<string>());
        body["metadata"]!["resourceVersion"] = version;
        return body;
    }

    private static void AssertConsistent(FederationState state, int step)
    {
        foreach (var cluster in state.Clusters.Values)
        {
            var here = state.Deployments.Values.SelectMany(d => d.Shares.Where(s => s.Cluster == cluster.Name).Select(s => (Deployment: d, Share: s))).ToList();
            var allocated = here.Aggregate(new ResourceTally(), (sum, h) => sum.Plus(h.Deployment.Resources, h.Share.Pods.Count(p => p.Scheduled)));
            var pending = here.Aggregate(new ResourceTally(), (sum, h) => sum.Plus(h.Deployment.Resources, h.Share.Pods.Count(p => !p.Scheduled)));
            Assert.True(allocated == cluster.Allocated, $"step {step}, {cluster.Name}: kept {cluster.Allocated}, counted {allocated}");
            Assert.True(pending == cluster.Pending, $"step {step}, {cluster.Name}: pending kept {cluster.Pending}, counted {pending}");
            foreach (var (waiting, share) in here.Where(h => h.Share.Pods.Any(p => !p.Scheduled)))
            {
                Assert.False(cluster.Ready && cluster.Fits(waiting.Resources), $"step {step}: a pod of {waiting.Name} fits on {cluster.Name} but waits");
                Assert.Contains(waiting, state.Waiting);
            }
            Assert.All(here, h => Assert.Equal(h.Share.Replicas, h.Share.Pods.Count));
        }

        Assert.All(state.Waiting, d => Assert.Contains(d.Pods, p => !p.Scheduled));
    }

    /// <summary>A policy over some Deployments: Divided by random weights over both clusters, or onto one; sometimes preempting.</summary>
    private static System.Text.Json.Nodes.JsonObject RandomPolicy(Random random, string name, string[] deployments)
    {
        var policy = new PolicyBuilder(name).Selecting([.. deployments.Where(_ => random.Next(2) == 0).DefaultIfEmpty(deployments[0])]);
        policy = random.Next(3) == 0
            ? policy.On(Clusters[random.Next(2)]).Duplicated()
            : policy.Weights([.. Clusters.Select(c => (c, (long)random.Next(1, 4)))]);
        if (random.Next(2) == 0)
        {
            policy.Priority(random.Next(0, 5)).Preempting();
        }
        return policy.Build();
    }
}
