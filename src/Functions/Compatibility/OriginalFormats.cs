using System.Globalization;
using Smo.Store.Graphs;

namespace Smo.Functions.Compatibility;

/// <summary>
/// Values written as the original SMO wrote them, so that its clients (smo-cli, smo-web, the H3NI tests) read Smo's
/// answers unchanged: its <c>format_memory</c> for cluster memory, its intent-translation strings for a service's
/// cpu, memory and storage, its 0/1 GPU flag and its service status words.
/// </summary>
public static class OriginalFormats
{
    /// <summary>What the original wrote for a cluster whose location it did not know (it never knew one).</summary>
    public const string UnknownLocation = "Unknown";

    private const double BytesPerGiB = 1024d * 1024 * 1024;
    private const double MiBPerGiB = 1024;
    private const double Step = 1024;

    private static readonly string[] BinaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>
    /// Memory as the original's <c>format_memory</c> wrote a cluster's <c>available_ram</c>: the largest binary unit
    /// under which the amount stays below 1024, two decimals, a space and the unit ("48.00 GiB").
    /// </summary>
    public static string ClusterMemory(double gib)
    {
        var amount = Math.Max(0, gib) * BytesPerGiB;
        var unit = 0;
        while (amount >= Step && unit < BinaryUnits.Length - 1)
        {
            amount /= Step;
            unit++;
        }

        return $"{amount.ToString("F2", CultureInfo.InvariantCulture)} {BinaryUnits[unit]}";
    }

    /// <summary>A service's memory as the original's intent translation wrote it: "500MiB", "1GiB", "8GiB".</summary>
    public static string ServiceMemory(double gib) =>
        IsWhole(gib) ? $"{Number(gib)}GiB" : $"{Number(gib * MiBPerGiB)}MiB";

    /// <summary>A service's storage as the original wrote it: "10GB".</summary>
    public static string ServiceStorage(double gb) => $"{Number(gb)}GB";

    /// <summary>A service's CPU as the original stored it (a number in a string column): "0.5", "1", "4".</summary>
    public static string ServiceCpu(double cores) => Number(cores);

    /// <summary>The original's GPU column: "1" when the service needs an accelerator, else "0".</summary>
    public static string ServiceGpu(bool needed) => needed ? "1" : "0";

    /// <summary>
    /// The original's service status words: <c>Deployed</c>, <c>Pending</c> (a conditional service not yet installed),
    /// <c>Not deployed</c> (after a stop). Smo's <c>Failed</c> has no original word and keeps its own.
    /// </summary>
    public static string ServiceStatusWord(ServiceStatus status) => status switch
    {
        ServiceStatus.NotDeployed => "Not deployed",
        _ => status.ToString(),
    };

    /// <summary>The original's <c>location</c>: the region Smo knows, else its "Unknown".</summary>
    public static string Location(string? region) => string.IsNullOrWhiteSpace(region) ? UnknownLocation : region;

    private static bool IsWhole(double value) => value >= 1 && Math.Abs(value - Math.Round(value)) < 1e-9;

    /// <summary>Shortest invariant text: 0.5 → "0.5", 1 → "1", 500.0 → "500"; at most 3 decimals (sizes are never finer).</summary>
    private static string Number(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
