using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Telemetry;

/// <summary><c>Smo:Metrics</c> out of range stops the host at start, naming the setting.</summary>
public sealed class MetricsSettingsTests
{
    [Theory]
    [InlineData("Smo__Metrics__MaxGraphLabels", "-1", "Smo:Metrics:MaxGraphLabels")]
    [InlineData("Smo__Metrics__MaxGraphLabels", "1001", "Smo:Metrics:MaxGraphLabels")]
    [InlineData("Smo__Metrics__GaugeRefreshInterval", "00:00:00", "Smo:Metrics:GaugeRefreshInterval")]
    public void A_metrics_setting_out_of_range_stops_the_host_naming_it(string setting, string value, string named)
    {
        using var factory = new FunctionsHostFactory(values: new Dictionary<string, string>
        {
            ["Smo__Keys__Master"] = FunctionsHostFactory.MasterKey,
            [setting] = value,
        });

        var failure = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains(named, failure.ToString(), StringComparison.Ordinal);
    }
}
