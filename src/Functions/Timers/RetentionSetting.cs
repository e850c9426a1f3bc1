using System.Globalization;

namespace Smo.Functions.Timers;

/// <summary>
/// A retention period read once, when the timers are defined: a whole number of at least one, or the host does not
/// start. Zero or a negative number would move the cutoff to now or the future and delete what is to be kept.
/// </summary>
public static class RetentionSetting
{
    public static int Read(IConfiguration configuration, string key, int defaultValue)
    {
        var text = configuration[key];
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new InvalidOperationException($"Setting {key} must be a whole number of at least 1, not '{text}'.");
    }
}
