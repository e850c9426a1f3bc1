using Microsoft.Extensions.Configuration;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Functions.Timers;

namespace Smo.Functions.Tests.Timers;

public sealed class TimerScheduleTests
{
    private static readonly IConfiguration Settings = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["EveryFiveSeconds"] = "*/5 * * * * *" })
        .Build();

    [Theory]
    [InlineData("0 */5 * * * *", "2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z")]
    [InlineData("*/10 * * * * *", "2026-01-01T00:00:03Z", "2026-01-01T00:00:10Z")]
    [InlineData("%EveryFiveSeconds%", "2026-01-01T00:00:01Z", "2026-01-01T00:00:05Z")]
    [InlineData("0 30 3 * * *", "2026-01-01T04:00:00Z", "2026-01-02T03:30:00Z")]
    // Intervals count from the Unix epoch, so every host computes the same occurrences.
    [InlineData("00:05:00", "2026-01-01T00:03:10Z", "2026-01-01T00:05:00Z")]
    [InlineData("00:00:07", "1970-01-01T00:00:15Z", "1970-01-01T00:00:21Z")]
    public void Schedule_with_six_fields_or_a_setting_gives_the_next_occurrence(string expression, string from, string expected)
    {
        var schedule = TimerTriggerService.ParseSchedule("F", expression, Settings);

        var next = schedule.GetNextOccurrence(DateTime.Parse(from, null, System.Globalization.DateTimeStyles.AdjustToUniversal));

        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal), next);
    }

    [Theory]
    [InlineData("*/5 * * * *", "6-field NCRONTAB")]
    [InlineData("every minute", "6-field NCRONTAB")]
    [InlineData("%Missing%", "'Missing', which is not set")]
    [InlineData("00:00:00", "positive interval")]
    [InlineData("-00:05:00", "positive interval")]
    public void Schedule_that_is_not_valid_is_refused_with_the_reason(string expression, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TimerTriggerService.ParseSchedule("Cleanup", expression, Settings));

        Assert.Contains("Cleanup", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
