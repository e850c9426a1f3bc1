using System.Globalization;
using System.Text.RegularExpressions;

namespace Smo.Simulator.Kubernetes;

/// <summary>Kubernetes resource quantities ("3700m", "2Gi", "1e3") parsed to decimals and written in canonical form.</summary>
public static partial class Quantity
{
    private static readonly Dictionary<string, decimal> Multipliers = new(StringComparer.Ordinal)
    {
        [""] = 1m, ["m"] = 0.001m, ["k"] = 1e3m, ["M"] = 1e6m, ["G"] = 1e9m, ["T"] = 1e12m, ["P"] = 1e15m, ["E"] = 1e18m,
        ["Ki"] = 1024m, ["Mi"] = 1024m * 1024, ["Gi"] = 1024m * 1024 * 1024, ["Ti"] = 1024m * 1024 * 1024 * 1024,
        ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024, ["Ei"] = 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
    };

    private static readonly string[] BinarySuffixes = ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"];

    [GeneratedRegex(@"^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:([eE][+-]?[0-9]+)|(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$")]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        var match = Pattern().Match(text?.Trim() ?? "");
        if (!match.Success)
        {
            return false;
        }
        var number = decimal.Parse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (match.Groups[2].Success)
        {
            var exponent = int.Parse(match.Groups[2].Value[1..], CultureInfo.InvariantCulture);
            if (Math.Abs(exponent) > 18)
            {
                return false;
            }
            value = number * (decimal)Math.Pow(10, exponent);
            return true;
        }
        value = number * Multipliers[match.Groups[3].Value];
        return true;
    }

    public static decimal Parse(string text) =>
        TryParse(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a Kubernetes quantity (expected e.g. '2', '500m', '1.5', '2Gi', '512Mi')");

    /// <summary>CPU as Kubernetes prints it: whole cores plain ("8"), otherwise millicores ("3700m").</summary>
    public static string FormatCpu(decimal cores)
    {
        var milli = decimal.Round(cores * 1000m, 0, MidpointRounding.AwayFromZero);
        return milli % 1000m == 0
            ? (milli / 1000m).ToString("0", CultureInfo.InvariantCulture)
            : milli.ToString("0", CultureInfo.InvariantCulture) + "m";
    }

    /// <summary>Bytes in the largest binary suffix that keeps the number whole ("16Gi", "15265636Ki"), else plain.</summary>
    public static string FormatBytes(decimal bytes)
    {
        var whole = decimal.Round(bytes, 0, MidpointRounding.AwayFromZero);
        if (whole != 0)
        {
            foreach (var suffix in BinarySuffixes)
            {
                if (whole % Multipliers[suffix] == 0)
                {
                    return (whole / Multipliers[suffix]).ToString("0", CultureInfo.InvariantCulture) + suffix;
                }
            }
        }
        return whole.ToString("0", CultureInfo.InvariantCulture);
    }

    public static string FormatCount(decimal count) => decimal.Round(count, 0).ToString("0", CultureInfo.InvariantCulture);
}
