using Microsoft.Extensions.Configuration;
using Smo.Functions.Forecasting;

namespace Smo.Functions.Tests.Forecasting;

public sealed class ForecastingOptionsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))).Build();

    [Fact]
    public void Read_gives_a_week_at_a_minute_refreshed_every_step_without_settings()
    {
        var options = ForecastingOptions.Read(Settings());

        Assert.Equal((TimeSpan.FromDays(7), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), 10_080),
            (options.History, options.Step, options.RefreshEvery, options.MaxPushedPoints));
    }

    [Theory]
    [InlineData("Smo:Forecasting:Step", "00:00:00", "Smo:Forecasting:Step must be longer than zero")]
    [InlineData("Smo:Forecasting:Refresh", "-00:00:01", "Smo:Forecasting:Refresh must be longer than zero")]
    [InlineData("Smo:Forecasting:History", "3650.00:00:00", "holds more than 1000000 steps")]
    [InlineData("Smo:Forecasting:MaxPushedPoints", "0", "Smo:Forecasting:MaxPushedPoints must be between 1 and 1000000")]
    [InlineData("Smo:Forecasting:MaxCachedServices", "0", "Smo:Forecasting:MaxCachedServices must be between 1 and 1000000")]
    [InlineData("Smo:Forecasting:Step", "soon", "cannot be read")]
    public void Read_refuses_settings_that_cannot_work_naming_them(string key, string value, string reason)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => ForecastingOptions.Read(Settings((key, value))));

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }
}
