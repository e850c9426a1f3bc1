using Smo.Bench.Failover;
using Smo.Bench.Stack;
using static Smo.Bench.Tests.Failover.FederationStates;

namespace Smo.Bench.Tests.Failover;

/// <summary>The unserved share: offered minus served over offered, between two readings of the simulator's counters.</summary>
public sealed class RequestTallyTests
{
    [Fact]
    public void The_window_counts_what_the_graphs_services_were_offered_and_served_between_the_readings()
    {
        var before = State(services: [new ServiceState("api", 1_000, 1_000), new ServiceState("web", 500, 480), new ServiceState("other", 10, 0)]);
        var after = State(services: [new ServiceState("api", 1_600, 1_300), new ServiceState("web", 1_100, 1_080), new ServiceState("other", 900, 0)]);

        var tally = RequestTally.Between(Graph.Services, before, after);

        Assert.Equal(1_200, tally.Offered, precision: 9);
        Assert.Equal(900, tally.Served, precision: 9);
        Assert.Equal(300, tally.Unserved, precision: 9);
        Assert.Equal(0.25, tally.UnservedShare, precision: 9);
    }

    [Fact]
    public void Rounds_add_up_by_requests_not_by_averaging_their_shares()
    {
        var total = new RequestTally(100, 50) + new RequestTally(900, 900);

        Assert.Equal(0.05, total.UnservedShare, precision: 9);
    }

    [Fact]
    public void Nothing_offered_is_nothing_unserved()
    {
        Assert.Equal(0, default(RequestTally).UnservedShare);
    }

    [Fact]
    public void A_service_the_simulator_offers_no_load_is_a_mistake_of_the_scenario()
    {
        var state = State(services: [new ServiceState("api", 0, 0)]);

        var refused = Assert.Throws<InvalidOperationException>(() => RequestTally.Between(Graph.Services, state, state));
        Assert.Contains("web", refused.Message);
    }
}
