using Smo.Simulator.Federation;

namespace Smo.Simulator.Tests.Federation;

/// <summary>Karmada's static-weight division (Webster's method), checked against the examples in its sources.</summary>
public sealed class WebsterApportionmentTests
{
    [Theory]
    [InlineData(10, 2, 1, 7, 3)]
    [InlineData(9, 1, 2, 3, 6)]
    [InlineData(9, 1, 3, 2, 7)]
    [InlineData(12, 1, 2, 4, 8)]
    [InlineData(10, 3, 2, 6, 4)]
    [InlineData(1, 1, 5, 0, 1)]
    [InlineData(2, 3, 1, 1, 1)] // Webster's divisors 1, 3, 5…: D'Hondt's 1, 2, 3… would give 2/0
    [InlineData(3, 4, 1, 2, 1)]
    [InlineData(0, 2, 1, 0, 0)]
    public void Divide_gives_each_cluster_its_share_of_the_replicas_by_weight(int replicas, long weightA, long weightB, int expectedA, int expectedB)
    {
        var divided = WebsterApportionment.Divide(replicas, [("a", weightA), ("b", weightB)], uid: null);

        Assert.Equal([("a", expectedA), ("b", expectedB)], divided);
    }

    [Theory]
    [InlineData(null, "a")]
    [InlineData("uid-2", "a")]
    [InlineData("uid-1", "b")]
    public void Divide_breaks_a_tie_by_name_in_the_order_the_uid_hash_picks(string? uid, string winner)
    {
        var divided = WebsterApportionment.Divide(1, [("a", 1), ("b", 1)], uid);

        Assert.Equal(winner, divided.Single(d => d.Replicas == 1).Cluster);
    }
}
