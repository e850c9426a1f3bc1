using System.Globalization;
using System.Text.RegularExpressions;

namespace Smo.Adapters.Alertmanager;

/// <summary>RFC 3339 times as Go writes them: up to nanoseconds, which .NET's parser (7 digits) refuses.</summary>
internal static partial class Rfc3339
{
    public static bool TryParse(string text, out DateTimeOffset time)
    {
        var match = Shape().Match(text);
        if (!match.Success)
        {
            time = default;
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        var trimmed = fraction.Length > 8 ? fraction[..8] : fraction;  // '.' plus 7 digits = 100 ns ticks
        var normalized = match.Groups["seconds"].Value + trimmed + match.Groups["zone"].Value;
        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out time);
    }

    [GeneratedRegex(@"^(?<seconds>\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2})(?<fraction>\.\d+)?(?<zone>[Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Shape();
}
