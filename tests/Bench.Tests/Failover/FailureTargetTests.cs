using Smo.Bench.Failover;

namespace Smo.Bench.Tests.Failover;

/// <summary>Which cluster a round fails: the one running most of the graph measured least so far.</summary>
public sealed class FailureTargetTests
{
    private static Dictionary<string, int> Ready(params (string Cluster, int Replicas)[] shares) =>
        shares.ToDictionary(s => s.Cluster, s => s.Replicas, StringComparer.Ordinal);

    [Fact]
    public void The_cluster_with_most_of_the_graphs_ready_replicas_fails()
    {
        var target = FailureTarget.Choose([(Ready(("m1", 2), ("m2", 6)), 0)]);

        Assert.Equal("m2", target);
    }

    [Fact]
    public void The_graph_measured_in_fewer_rounds_chooses_even_where_the_other_runs_more()
    {
        var plain = Ready(("m1", 8));
        var ha = Ready(("m2", 4), ("m3", 3));

        Assert.Equal("m1", FailureTarget.Choose([(plain, 3), (ha, 3)]));
        Assert.Equal("m2", FailureTarget.Choose([(plain, 4), (ha, 3)]));
    }

    [Fact]
    public void A_tie_goes_to_the_cluster_running_more_of_every_graph_then_to_the_name()
    {
        var plain = Ready(("m1", 4), ("m2", 4), ("m3", 4));
        var ha = Ready(("m2", 4), ("m3", 4));

        Assert.Equal("m2", FailureTarget.Choose([(plain, 0), (ha, 0)]));
        Assert.Equal("m1", FailureTarget.Choose([(plain, 0)]));
    }

    [Fact]
    public void A_graph_with_nothing_ready_does_not_choose()
    {
        var stopped = Ready(("m1", 0));
        var running = Ready(("m3", 2));

        Assert.Equal("m3", FailureTarget.Choose([(stopped, 0), (running, 5)]));
        Assert.Null(FailureTarget.Choose([(stopped, 0)]));
    }
}
