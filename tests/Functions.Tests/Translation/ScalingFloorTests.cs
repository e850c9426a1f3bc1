using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Functions.Scaling;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;

namespace Smo.Functions.Tests.Translation;

public sealed class ScalingFloorTests
{
    private static readonly ScalingParameters TenPerReplica = new(Alpha: 10, Beta: 0, MinReplicas: 1, MaxReplicas: 10);

    [Theory]
    // A rate on the boundary keeps the count in both directions of the noise.
    [InlineData(69.99, 8, 8)]
    [InlineData(70.01, 8, 8)]
    // A clear fall may go down, to what carries the rate plus 10 %: 50 × 1.1 = 55 → 6, not 5.
    [InlineData(50, 8, 6)]
    [InlineData(5, 8, 1)]
    // Never above the current count: scaling up is the solver's, unhindered.
    [InlineData(95, 3, 3)]
    // 7 × 10 carries 63.6 × 1.1 = 69.96: the rounding does not cost a replica.
    [InlineData(63.636363636363, 8, 7)]
    public void Scaling_down_needs_ten_percent_headroom(double rate, int current, int expected) =>
        Assert.Equal(expected, ScalingFloor.For(TenPerReplica, rate, current, headroom: 0.1));

    [Fact]
    public void The_floor_stays_within_the_services_bounds()
    {
        var bounded = TenPerReplica with { MinReplicas = 2, MaxReplicas = 4 };

        Assert.Equal(2, ScalingFloor.For(bounded, rate: 0, currentReplicas: 3, headroom: 0.1));
        Assert.Equal(4, ScalingFloor.For(bounded, rate: 100, currentReplicas: 6, headroom: 0.1));
    }

    [Fact]
    public void Without_headroom_the_floor_is_what_carries_the_rate_and_beta_counts()
    {
        var withBeta = TenPerReplica with { Beta = 5 };

        Assert.Equal(5, ScalingFloor.For(withBeta, rate: 55, currentReplicas: 8, headroom: 0));
    }
}
