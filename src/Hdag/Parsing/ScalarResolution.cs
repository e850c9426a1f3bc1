using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Smo.Hdag.Parsing;

/// <summary>
/// Types of untagged plain scalars by the YAML 1.2 core schema (what JSON values are too). Unlike the original's
/// PyYAML (YAML 1.1), <c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c> stay strings: a chart value <c>no</c> is not silently false.
/// </summary>
internal static partial class ScalarResolution
{
    public static ScalarKind Resolve(string plainText) => plainText switch
    {
        "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
        "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => ScalarKind.Boolean,
        _ when IntegerPattern().IsMatch(plainText) => ScalarKind.Integer,
        _ when FloatPattern().IsMatch(plainText) => ScalarKind.Float,
        _ => ScalarKind.String,
    };

    public static bool IsTrue(string text) => text.Equals("true", StringComparison.OrdinalIgnoreCase);

    public static bool IsBooleanText(string text) =>
        text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>The value of an Integer or Float scalar; octal and hex integers included.</summary>
    public static double ToDouble(string text)
    {
        var unsigned = text.TrimStart('+', '-');
        var sign = text.StartsWith('-') ? -1 : 1;
        return unsigned switch
        {
            ['0', 'x', .. var hex] => (double)InBase(hex, 16),
            ['0', 'o', .. var octal] => (double)InBase(octal, 8),
            _ when unsigned.Equals(".inf", StringComparison.OrdinalIgnoreCase) => sign * double.PositiveInfinity,
            _ when unsigned.Equals(".nan", StringComparison.OrdinalIgnoreCase) => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The value of an Integer scalar when it fits a long.</summary>
    public static bool TryToLong(string text, out long value)
    {
        var exact = text switch
        {
            ['0', 'x', .. var hex] => InBase(hex, 16),
            ['0', 'o', .. var octal] => InBase(octal, 8),
            _ => BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        };
        var fits = exact >= long.MinValue && exact <= long.MaxValue;
        value = fits ? (long)exact : 0;
        return fits;
    }

    private static BigInteger InBase(string digits, int radix) =>
        digits.Aggregate(BigInteger.Zero, (total, digit) => total * radix + Convert.ToInt32(digit.ToString(), 16));

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();
}
