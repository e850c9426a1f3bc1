using Microsoft.Extensions.Configuration;
using Smo.Functions.Alerts;
using Smo.Functions.Clusters;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Installs;
using Smo.Functions.Placement;
using Smo.Functions.Samples;
using Smo.Functions.Scaling;
using Smo.Functions.Timers;
using Smo.Orchestrations.Graphs;
using Smo.Orchestrations.Samples;

namespace Smo.Functions.Tests.Timers;

/// <summary>A retention period that would move the cutoff to now or later is refused when the timers are defined.</summary>
public sealed class RetentionSettingTests
{
    [Theory]
    [InlineData(PurgeDecisionsFunction.RetentionSetting, "0")]
    [InlineData(PurgeDecisionsFunction.UnchangedRetentionSetting, "-3")]
    [InlineData(PurgeDecisionsFunction.RetentionSetting, "two")]
    public void A_bad_decision_retention_stops_the_definition_with_the_setting_named(string key, string value)
    {
        var configuration = Configuration(key, value);

        var error = Assert.Throws<InvalidOperationException>(() => PurgeDecisionsFunction.Definition(configuration));

        Assert.Equal($"Setting {key} must be a whole number of at least 1, not '{value}'.", error.Message);
    }

    [Fact]
    public void A_bad_history_retention_stops_the_definition_too()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            PurgeHistoryFunction.Definition(Configuration(PurgeHistoryFunction.RetentionSetting, "0")));

        Assert.Contains(PurgeHistoryFunction.RetentionSetting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_retention_takes_its_default_and_a_set_one_its_value()
    {
        Assert.Equal(30, RetentionSetting.Read(Configuration("Other", "1"), PurgeDecisionsFunction.RetentionSetting, 30));
        Assert.Equal(7, RetentionSetting.Read(Configuration(PurgeDecisionsFunction.RetentionSetting, "7"), PurgeDecisionsFunction.RetentionSetting, 30));
    }

    private static IConfiguration Configuration(string key, string value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
}
