using Microsoft.Extensions.Configuration;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Functions.Timers;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Timers;

/// <summary>A retention period that would move the cutoff to now or later is refused when the host starts.</summary>
public sealed class RetentionSettingTests
{
    [Theory]
    [InlineData(RetentionOptions.DecisionRetentionSetting, "0")]
    [InlineData(RetentionOptions.UnchangedDecisionRetentionSetting, "-3")]
    [InlineData(RetentionOptions.DecisionRetentionSetting, "two")]
    public void A_bad_decision_retention_is_refused_at_start_with_the_setting_named(string key, string value)
    {
        var configuration = Configuration(key, value);

        var error = Assert.Throws<InvalidOperationException>(() => RetentionOptions.Read(configuration));

        Assert.Equal($"Setting {key} must be a whole number of at least 1, not '{value}'.", error.Message);
    }

    [Fact]
    public void A_bad_history_retention_is_refused_too()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            RetentionOptions.Read(Configuration(RetentionOptions.PurgeHistoryRetentionSetting, "0")));

        Assert.Contains(RetentionOptions.PurgeHistoryRetentionSetting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_retention_takes_its_default_and_a_set_one_its_value()
    {
        Assert.Equal(30, RetentionSetting.Read(Configuration("Other", "1"), RetentionOptions.DecisionRetentionSetting, 30));
        Assert.Equal(7, RetentionSetting.Read(Configuration(RetentionOptions.DecisionRetentionSetting, "7"), RetentionOptions.DecisionRetentionSetting, 30));
    }

    private static IConfiguration Configuration(string key, string value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
}
