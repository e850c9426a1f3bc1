using NCrontab;

namespace Smo.Functions.Timers;

/// <summary>
/// When a timer function fires: an NCRONTAB expression with seconds, or — as the Functions host accepts on dedicated
/// plans — a TimeSpan (<c>hh:mm:ss</c>). An interval's occurrences are counted from the Unix epoch (UTC), so every
/// host computes the same ones and the occurrence lock gives each to one host.
/// </summary>
public sealed class TimerSchedule
{
    private readonly CrontabSchedule? _cron;
    private readonly TimeSpan _interval;

    private TimerSchedule(CrontabSchedule? cron, TimeSpan interval) => (_cron, _interval) = (cron, interval);

    /// <summary>The schedule <paramref name="expression"/> gives, or null when it is neither form.</summary>
    public static TimerSchedule? TryParse(string expression)
    {
        // NCRONTAB fields are separated by spaces and never hold ':'; a TimeSpan always does.
        if (expression.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(expression, System.Globalization.CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero
                ? new TimerSchedule(null, interval)
                : null;
        }

        return CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is { } cron
            ? new TimerSchedule(cron, TimeSpan.Zero)
            : null;
    }

    /// <summary>The first occurrence after <paramref name="after"/> (UTC).</summary>
    public DateTime GetNextOccurrence(DateTime after)
    {
        if (_cron is not null)
        {
            return _cron.GetNextOccurrence(after);
        }

        var sinceEpoch = after.Ticks - DateTime.UnixEpoch.Ticks;
        return new DateTime(DateTime.UnixEpoch.Ticks + ((sinceEpoch / _interval.Ticks) + 1) * _interval.Ticks, DateTimeKind.Utc);
    }
}
