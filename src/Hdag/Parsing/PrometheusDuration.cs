using System.Text.RegularExpressions;

namespace Smo.Hdag.Parsing;

/// <summary>Prometheus durations (<c>30s</c>, <c>2m</c>, <c>1h30m</c>), the format of alert rules' <c>for</c>.</summary>
internal static partial class PrometheusDuration
{
    public const string Expected = "a Prometheus duration such as 30s, 2m or 1h30m";

    private static readonly (string Unit, TimeSpan Length)[] Units =
    [
        ("y", TimeSpan.FromDays(365)), ("w", TimeSpan.FromDays(7)), ("d", TimeSpan.FromDays(1)), ("h", TimeSpan.FromHours(1)),
        ("m", TimeSpan.FromMinutes(1)), ("s", TimeSpan.FromSeconds(1)), ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    public static TimeSpan? Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (var (unit, length) in Units)
        {
            if (match.Groups[unit].Success && long.TryParse(match.Groups[unit].Value, out var count) && count <= TimeSpan.MaxValue / length)
            {
                total += length * count;
            }
            else if (match.Groups[unit].Success)
            {
                return null;
            }
        }

        return total;
    }

    /// <summary>Reads an optional duration field, reporting text that is not one.</summary>
    public static string? Read(Field field)
    {
        var text = field.AsString(required: false, Expected);
        if (text is not null && Parse(text) is null)
        {
            field.Error($"'{text}'", Expected);
            return null;
        }

        return text;
    }

    [GeneratedRegex("^((?<y>[0-9]+)y)?((?<w>[0-9]+)w)?((?<d>[0-9]+)d)?((?<h>[0-9]+)h)?((?<m>[0-9]+)m)?((?<s>[0-9]+)s)?((?<ms>[0-9]+)ms)?$")]
    private static partial Regex Pattern();
}
