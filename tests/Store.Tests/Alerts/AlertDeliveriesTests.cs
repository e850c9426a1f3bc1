using Smo.Store.Alerts;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Alerts;

public sealed class AlertDeliveriesTests : StoreTest
{
    private static readonly DateTimeOffset FiredAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(2));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateGraphAsync(Graph("g").WithServices("cvo", "vo2"));
    }

    [Fact]
    public async Task TryRecordAsync_is_true_the_first_time_and_false_for_repeats()
    {
        var key = new AlertDeliveryKey("g", "cvo", "8f3e1c0d2b7a9e14", FiredAt);

        var first = await Alerts.TryRecordAsync(key);
        var repeat = await Alerts.TryRecordAsync(key);

        Assert.True(first);
        Assert.False(repeat);
    }

    [Fact]
    public async Task TryRecordAsync_recognises_the_same_instant_given_in_another_offset()
    {
        await Alerts.TryRecordAsync(new AlertDeliveryKey("g", "cvo", "f1", FiredAt));

        var repeat = await Alerts.TryRecordAsync(new AlertDeliveryKey("g", "cvo", "f1", FiredAt.ToUniversalTime()));

        Assert.False(repeat);
    }

    [Fact]
    public async Task TryRecordAsync_treats_a_later_firing_of_the_same_alert_as_new()
    {
        await Alerts.TryRecordAsync(new AlertDeliveryKey("g", "cvo", "f1", FiredAt));

        var refired = await Alerts.TryRecordAsync(new AlertDeliveryKey("g", "cvo", "f1", FiredAt.AddMinutes(10)));

        Assert.True(refired);
    }

    [Fact]
    public async Task TryRecordAsync_keeps_services_apart()
    {
        await Alerts.TryRecordAsync(new AlertDeliveryKey("g", "cvo", "f1", FiredAt));

        Assert.True(await Alerts.TryRecordAsync(new AlertDeliveryKey("g", "vo2", "f1", FiredAt)));
    }

    [Fact]
    public async Task TryRecordAsync_lets_exactly_one_of_concurrent_deliveries_through()
    {
        var key = new AlertDeliveryKey("g", "cvo", "f-race", FiredAt);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Alerts.TryRecordAsync(key))));

        Assert.Single(outcomes, first => first);
    }

    [Fact]
    public async Task TryRecordAsync_throws_key_not_found_for_an_unknown_graph()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Alerts.TryRecordAsync(new AlertDeliveryKey("nowhere", "cvo", "f1", FiredAt)));
    }

    public static TheoryData<AlertDeliveryKey, string> InvalidKeys => new()
    {
        { new AlertDeliveryKey("g", "CVO", "f1", FiredAt), "the service name 'CVO'" },
        { new AlertDeliveryKey("g", "cvo", "", FiredAt), "the fingerprint" },
        { new AlertDeliveryKey("g", "cvo", new string('f', 201), FiredAt), "at most 200" },
        { new AlertDeliveryKey("g", "cvo", "f1", default), "startsAt is required" },
    };

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task TryRecordAsync_rejects_bad_input_and_records_nothing(AlertDeliveryKey key, string expected)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Alerts.TryRecordAsync(key));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("alert_deliveries"));
    }

    [Fact]
    public async Task TryStartPolicyCooldownAsync_lets_one_move_per_service_through_within_the_cooldown()
    {
        var first = await Alerts.TryStartPolicyCooldownAsync("g", "cvo", TimeSpan.FromHours(1));
        var again = await Alerts.TryStartPolicyCooldownAsync("g", "cvo", TimeSpan.FromHours(1));
        var otherService = await Alerts.TryStartPolicyCooldownAsync("g", "vo2", TimeSpan.FromHours(1));
        var noCooldown = await Alerts.TryStartPolicyCooldownAsync("g", "cvo", TimeSpan.Zero);

        Assert.Equal((true, false, true, true), (first, again, otherService, noCooldown));
    }

    [Fact]
    public async Task TryStartPolicyCooldownAsync_lets_exactly_one_of_concurrent_firings_through()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Alerts.TryStartPolicyCooldownAsync("g", "cvo", TimeSpan.FromMinutes(5))));

        Assert.Single(results, started => started);
    }

    [Fact]
    public async Task TryStartPolicyCooldownAsync_for_an_unknown_graph_throws_KeyNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Alerts.TryStartPolicyCooldownAsync("nope", "cvo", TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task PurgeAsync_forgets_deliveries_received_before_the_cutoff_so_a_later_repeat_counts_again()
    {
        var key = new AlertDeliveryKey("g", "cvo", "f-old", FiredAt);
        await Alerts.TryRecordAsync(key);

        var kept = await Alerts.PurgeAsync(DateTimeOffset.UtcNow.AddDays(-7));
        var purged = await Alerts.PurgeAsync(DateTimeOffset.UtcNow.AddMinutes(1));

        Assert.Equal((0, 1), (kept, purged));
        Assert.True(await Alerts.TryRecordAsync(key));
    }
}
