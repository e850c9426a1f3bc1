using System.Globalization;

namespace Smo.Simulator.Series;

/// <summary>
/// Reads CSV traces with a header row and a timestamp first column (unix seconds, or "yyyy-MM-dd HH:mm:ss[.fffffff]"
/// in UTC): the crane, NAB, Azure LLM and carbon-intensity files of shared/data all have this shape.
/// </summary>
public static class TraceFile
{
    public static SampledSeries Load(string path, TraceOptions options)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"trace file '{path}' does not exist", path);
        }
        var rows = ReadRows(path);
        var columns = rows.Count > 0 ? rows[0].Cells.Length : 0;
        var kind = options.Kind == TraceKind.Auto ? (columns > 2 ? TraceKind.Arrivals : TraceKind.Values) : options.Kind;
        var (samples, step) = kind == TraceKind.Arrivals
            ? Arrivals(rows, options.Bucket ?? TraceOptions.DefaultBucket, path)
            : Values(rows, path);
        var start = options.Start;
        if (options.StartAt is { } startAt)
        {
            start = startAt - rows[0].Time;
            if (start < TimeSpan.Zero || startAt > rows[^1].Time)
            {
                throw new ArgumentOutOfRangeException(null, $"start {startAt:u} is outside the trace ({rows[0].Time:u} to {rows[^1].Time:u})");
            }
        }

        var factor = options.Peak is { } peak ? peak / Math.Max(samples.Max(s => s.Value), double.Epsilon) : options.Scale;
        var replayed = samples
            .Select(s => (TimeSpan.FromTicks((long)(s.Offset.Ticks / options.Speedup)), s.Value * factor))
            .ToList();
        return new SampledSeries(replayed, TimeSpan.FromTicks((long)(step.Ticks / options.Speedup)),
            TimeSpan.FromTicks((long)(start.Ticks / options.Speedup)), Path.GetFileName(path));
    }

    private sealed record Row(int Line, DateTimeOffset Time, string[] Cells);

    private static List<Row> ReadRows(string path)
    {
        var rows = new List<Row>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (lineNumber == 1 || line.Length == 0)
            {
                continue;
            }
            var cells = line.Split(',');
            rows.Add(new Row(lineNumber, ParseTime(cells[0], path, lineNumber), cells));
        }
        if (rows.Count == 0)
        {
            throw new InvalidDataException($"{path}: no data rows after the header");
        }
        for (var i = 1; i < rows.Count; i++)
        {
            if (rows[i].Time < rows[i - 1].Time)
            {
                throw new InvalidDataException($"{path}:{rows[i].Line}: timestamps must not go backwards");
            }
        }
        return rows;
    }

    private static (List<(TimeSpan Offset, double Value)>, TimeSpan Step) Values(List<Row> rows, string path)
    {
        var origin = rows[0].Time;
        var samples = rows.Select(row =>
        {
            if (row.Cells.Length < 2 || !double.TryParse(row.Cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidDataException($"{path}:{row.Line}: expected a number in the second column, got '{(row.Cells.Length > 1 ? row.Cells[1] : "")}'");
            }
            return (row.Time - origin, value);
        }).ToList();
        var step = samples.Count > 1 ? samples[^1].Item1 - samples[^2].Item1 : TraceOptions.DefaultBucket;
        return (samples, step);
    }

    private static (List<(TimeSpan Offset, double Value)>, TimeSpan Step) Arrivals(List<Row> rows, TimeSpan bucket, string path)
    {
        if (bucket <= TimeSpan.Zero)
        {
            throw new InvalidDataException($"{path}: the arrival bucket must be positive");
        }
        var origin = rows[0].Time;
        var buckets = (int)((rows[^1].Time - origin).Ticks / bucket.Ticks) + 1;
        var counts = new int[buckets];
        foreach (var row in rows)
        {
            counts[(int)((row.Time - origin).Ticks / bucket.Ticks)]++;
        }
        var samples = counts.Select((count, i) => (TimeSpan.FromTicks(bucket.Ticks * i), count / bucket.TotalSeconds)).ToList();
        return (samples, bucket);
    }

    private static DateTimeOffset ParseTime(string cell, string path, int line)
    {
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var unixSeconds))
        {
            return DateTimeOffset.UnixEpoch.AddSeconds(unixSeconds);
        }
        if (DateTimeOffset.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }
        throw new InvalidDataException($"{path}:{line}: expected a timestamp (unix seconds or yyyy-MM-dd HH:mm:ss) in the first column, got '{cell}'");
    }
}
