using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Smo.Adapters.Karmada;
using Smo.Functions.Clusters;

namespace Smo.Functions.Tests.Clusters;

public sealed class FailoverGraceTests
{
    private static readonly DateTimeOffset T = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(T);

    private FailoverGrace Grace(int seconds) =>
        new(new FailoverOptions { Grace = TimeSpan.FromSeconds(seconds) }, _clock, NullLogger<FailoverGrace>.Instance);

    private static MemberCluster Member(string name, bool ready, DateTimeOffset? since = null) =>
        new(name, ready, ready ? null : "Ready is False", new ClusterResources(8, 1L << 34), new ClusterResources(8, 1L << 34), false, null, null)
        {
            NotReadySince = since,
        };

    [Fact]
    public void Hold_keeps_a_cluster_not_ready_for_less_than_the_grace_available_until_the_grace_ends()
    {
        var grace = Grace(10);

        _clock.Now = T.AddSeconds(3);
        var during = grace.Hold([Member("m1", ready: false, since: T), Member("m2", ready: true)]);
        _clock.Now = T.AddSeconds(10);
        var after = grace.Hold([Member("m1", ready: false, since: T), Member("m2", ready: true)]);

        Assert.Equal(["m1"], during.Available);
        Assert.Equal(T.AddSeconds(10), during.EndsAt);
        Assert.Empty(after.Available);
        Assert.Null(after.EndsAt);
    }

    [Fact]
    public void Hold_counts_the_grace_from_when_this_host_first_saw_the_cluster_down_when_Karmada_gives_no_time_or_a_later_one()
    {
        var grace = Grace(10);

        var first = grace.Hold([Member("m1", ready: false), Member("m2", ready: false, since: T.AddMinutes(5))]);
        _clock.Now = T.AddSeconds(9);
        var later = grace.Hold([Member("m1", ready: false), Member("m2", ready: false, since: T.AddMinutes(5))]);

        Assert.Equal(T.AddSeconds(10), first.EndsAt);
        Assert.Equal(["m1", "m2"], later.Available.Order());
    }

    [Fact]
    public void Hold_does_not_keep_a_cluster_down_for_longer_than_the_grace_before_it_was_first_seen()
    {
        var grace = Grace(10);

        var held = grace.Hold([Member("m1", ready: false, since: T.AddMinutes(-1))]);

        Assert.Empty(held.Available);
    }

    [Fact]
    public void Hold_starts_the_grace_afresh_for_a_cluster_that_came_back_and_failed_again()
    {
        var grace = Grace(10);

        grace.Hold([Member("m1", ready: false, since: T)]);
        _clock.Now = T.AddSeconds(5);
        grace.Hold([Member("m1", ready: true)]);
        _clock.Now = T.AddSeconds(6);
        grace.Hold([Member("m1", ready: false, since: T.AddSeconds(6))]);
        _clock.Now = T.AddSeconds(12);
        var again = grace.Hold([Member("m1", ready: false, since: T.AddSeconds(6))]);

        Assert.Equal(["m1"], again.Available);
        Assert.Equal(T.AddSeconds(16), again.EndsAt);
    }

    [Fact]
    public void Hold_keeps_nothing_without_a_grace()
    {
        var held = Grace(0).Hold([Member("m1", ready: false)]);

        Assert.Empty(held.Available);
        Assert.Null(held.EndsAt);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("01:00:01")]
    public void Options_refuse_a_grace_out_of_range_naming_the_setting(string grace)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Smo:Failover:Grace"] = grace }).Build();

        var refused = Assert.Throws<InvalidOperationException>(() => FailoverOptions.Read(configuration));

        Assert.Contains("Smo:Failover:Grace must be from 00:00:00 to 01:00:00", refused.Message);
    }

    [Fact]
    public void Options_default_to_no_grace()
    {
        Assert.Equal(TimeSpan.Zero, FailoverOptions.Read(new ConfigurationBuilder().Build()).Grace);
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
