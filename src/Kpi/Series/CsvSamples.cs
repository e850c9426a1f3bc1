using System.Globalization;

namespace Smo.Kpi.Series;

/// <summary>
/// Reads a time-stamped two-column CSV (header first; unix seconds or <c>yyyy-MM-dd HH:mm:ss[.f…]</c>, taken as UTC;
/// LF or CRLF, with or without a final newline) — the format of the crane, NAB and carbon files — and resamples it
/// onto an even step by holding the last sample. A file is input like any other: its size, its row count and every
/// value are checked, and a bad row is refused naming the file and the line.
/// </summary>
public static class CsvSamples
{
    /// <summary>Larger than any file of the data set (2.1 MB), far below what would strain the replay.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    public const int MaxRows = 1_000_000;

    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ"];

    /// <summary>The samples of <paramref name="path"/>, sorted by time.</summary>
    public static IReadOnlyList<(DateTimeOffset At, double Value)> Read(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxBytes)
        {
            throw new InvalidDataException($"{path}: {info.Length} bytes, more than the {MaxBytes} a series may have.");
        }

        var samples = new List<(DateTimeOffset, double)>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (line == 1 || text.Length == 0)
            {
                continue;
            }

            if (samples.Count == MaxRows)
            {
                throw new InvalidDataException($"{path}: more than {MaxRows} rows.");
            }

            var fields = text.TrimEnd('\r').Split(',');
            if (fields.Length < 2 || !TryTime(fields[0], out var at)
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
            {
                throw new InvalidDataException($"{path}, line {line}: expected a time and a finite value of zero or more.");
            }

            samples.Add((at, value));
        }

        return samples.Count == 0 ? throw new InvalidDataException($"{path}: no samples.") : [.. samples.OrderBy(s => s.Item1)];
    }

    /// <summary>
    /// <paramref name="count"/> values every <paramref name="step"/> from <paramref name="from"/>: each the last sample at
    /// or before its time (the first sample before the file starts), divided by <paramref name="perSeconds"/> (a count per
    /// interval becomes a rate per second).
    /// </summary>
    public static double[] Resample(IReadOnlyList<(DateTimeOffset At, double Value)> samples, DateTimeOffset from, TimeSpan step, int count, double perSeconds = 1)
    {
        var values = new double[count];
        var next = 0;
        for (var i = 0; i < count; i++)
        {
            var at = from + (step * i);
            while (next < samples.Count && samples[next].At <= at)
            {
                next++;
            }

            values[i] = samples[Math.Max(0, next - 1)].Value / perSeconds;
        }

        return values;
    }

    private static bool TryTime(string text, out DateTimeOffset at)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 100_000_000_000)
        {
            at = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        return DateTimeOffset.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
    }
}
