using Smo.Kpi.Agreement;

namespace Smo.Kpi.Tests;

/// <summary>The live-versus-replay comparison on decision lists made by hand: nearest-in-time matching and the within-one rule.</summary>
public sealed class DecisionAgreementTests
{
    private static DecisionPoint At(double at, string service, int replicas) => new(at, service, replicas);

    [Fact]
    public void Compare_matches_each_live_decision_to_the_replay_decision_of_its_service_nearest_in_time()
    {
        var replay = new[] { At(0, "web", 2), At(30, "web", 5), At(60, "web", 9), At(30, "db", 1) };

        var result = DecisionAgreement.Compare([At(38, "web", 5), At(50, "web", 9), At(31, "db", 1)], replay);

        // In the live decisions' time order.
        Assert.Equal([30.0, 30.0, 60.0], result.Pairs.Select(p => p.Replay!.At));
        Assert.Equal(["db", "web", "web"], result.Pairs.Select(p => p.Replay!.Service));
        Assert.Equal(3, result.Agreeing);
    }

    [Fact]
    public void Compare_takes_the_earlier_replay_decision_when_two_are_as_near()
    {
        var result = DecisionAgreement.Compare([At(15, "web", 3)], [At(0, "web", 3), At(30, "web", 8)]);

        Assert.Equal(0, result.Pairs.Single().Replay!.At);
        Assert.True(result.Pairs.Single().Agrees);
    }

    [Fact]
    public void Compare_counts_one_replica_apart_as_agreeing_and_two_apart_as_not()
    {
        var replay = new[] { At(0, "a", 4), At(0, "b", 4), At(0, "c", 4), At(0, "d", 4) };

        var result = DecisionAgreement.Compare([At(0, "a", 5), At(0, "b", 3), At(0, "c", 6), At(0, "d", 2)], replay);

        Assert.Equal([true, true, false, false], result.Pairs.Select(p => p.Agrees));
        Assert.Equal(0.5, result.Share);
    }

    [Fact]
    public void Compare_counts_a_service_the_replay_never_decided_as_compared_and_not_agreeing()
    {
        var result = DecisionAgreement.Compare([At(10, "web", 2), At(10, "ghost", 2)], [At(10, "web", 2)]);

        Assert.Equal(2, result.Compared);
        Assert.Equal(1, result.Unmatched);
        Assert.Equal(0.5, result.Share);
    }

    [Fact]
    public void Compare_of_no_live_decision_has_no_share()
    {
        var result = DecisionAgreement.Compare([], [At(0, "web", 1)]);

        Assert.Equal(0, result.Compared);
        Assert.True(double.IsNaN(result.Share));
    }

    [Fact]
    public void Compare_uses_the_first_or_last_replay_decision_for_live_decisions_outside_their_span()
    {
        var result = DecisionAgreement.Compare([At(-5, "web", 1), At(700, "web", 7)], [At(0, "web", 1), At(300, "web", 4), At(600, "web", 7)]);

        Assert.Equal([0.0, 600.0], result.Pairs.Select(p => p.Replay!.At));
        Assert.Equal(1.0, result.Share);
    }
}
