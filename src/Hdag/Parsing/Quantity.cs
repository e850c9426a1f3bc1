using System.Globalization;
using System.Text.RegularExpressions;

namespace Smo.Hdag.Parsing;

/// <summary>
/// Explicit resource amounts (an extension next to the size intents), in Kubernetes quantity style:
/// CPU as cores or millicores (<c>2</c>, <c>0.5</c>, <c>500m</c>); memory and storage with a unit, binary
/// (<c>Ki Mi Gi Ti</c>, also written <c>KiB</c>…) or decimal (<c>k M G T</c>, also <c>KB</c>…).
/// </summary>
internal sealed partial record Quantity(string Example, IReadOnlyDictionary<string, double> UnitFactors, bool BareNumberAllowed)
{
    private const double Kibi = 1024;
    private const double Kilo = 1000;

    public static Quantity CpuCores { get; } = new("a CPU amount such as 2, 0.5 or 500m", Units(("", 1), ("m", 1 / Kilo)), BareNumberAllowed: true);

    public static Quantity MemoryGiB { get; } = new("a memory amount with a unit such as 512Mi, 1.5GiB or 2G", ByteUnits(Math.Pow(Kibi, 3)), BareNumberAllowed: false);

    public static Quantity StorageGB { get; } = new("a storage amount with a unit such as 10GB, 500M or 20Gi", ByteUnits(Math.Pow(Kilo, 3)), BareNumberAllowed: false);

    /// <summary>The positive amount in this quantity's unit, or null when the text is not one.</summary>
    public double? Parse(string text)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success || !UnitFactors.TryGetValue(match.Groups["unit"].Value, out var factor))
        {
            return null;
        }

        var amount = double.Parse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture) * factor;
        return amount > 0 && double.IsFinite(amount) ? amount : null;
    }

    private static Dictionary<string, double> Units(params (string Unit, double Factor)[] units) =>
        units.ToDictionary(u => u.Unit, u => u.Factor, StringComparer.Ordinal);

    private static Dictionary<string, double> ByteUnits(double bytesPerUnit) => Units(
        ("Ki", Kibi / bytesPerUnit), ("Mi", Math.Pow(Kibi, 2) / bytesPerUnit), ("Gi", Math.Pow(Kibi, 3) / bytesPerUnit), ("Ti", Math.Pow(Kibi, 4) / bytesPerUnit),
        ("KiB", Kibi / bytesPerUnit), ("MiB", Math.Pow(Kibi, 2) / bytesPerUnit), ("GiB", Math.Pow(Kibi, 3) / bytesPerUnit), ("TiB", Math.Pow(Kibi, 4) / bytesPerUnit),
        ("k", Kilo / bytesPerUnit), ("M", Math.Pow(Kilo, 2) / bytesPerUnit), ("G", Math.Pow(Kilo, 3) / bytesPerUnit), ("T", Math.Pow(Kilo, 4) / bytesPerUnit),
        ("KB", Kilo / bytesPerUnit), ("MB", Math.Pow(Kilo, 2) / bytesPerUnit), ("GB", Math.Pow(Kilo, 3) / bytesPerUnit), ("TB", Math.Pow(Kilo, 4) / bytesPerUnit));

    // A decimal exponent too (Kubernetes quantities take 1e3): a number the descriptor gives as 0.000000001 is stored as
    // JSON's 1E-09, and the stored descriptor must parse again.
    [GeneratedRegex(@"^(?<number>([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?)(?<unit>[A-Za-z]*)$")]
    private static partial Regex Pattern();
}
