using System.Globalization;
using System.Text.Json;

namespace Smo.Adapters.Prometheus;

/// <summary>
/// Reads the <c>/api/v1/query</c> and <c>/api/v1/query_range</c> envelopes. Sample values are JSON strings in Go's float format
/// (<c>"1"</c>, <c>"NaN"</c>, <c>"+Inf"</c>, <c>"1e-07"</c>); timestamps are unix seconds as numbers.
/// </summary>
internal static class PrometheusResponseReader
{
    /// <exception cref="FormatException">The answer is not a well-formed success envelope; the message says why.</exception>
    public static IReadOnlyList<PrometheusSample> ReadSamples(JsonElement root)
    {
        var data = Property(root, "data", JsonValueKind.Object);
        var resultType = Property(data, "resultType", JsonValueKind.String, "data").GetString();
        // Both kinds are arrays: a vector's samples, or a scalar's [time, "value"] pair.
        var result = Property(data, "result", JsonValueKind.Array, "data");
        return resultType switch
        {
            "vector" => ArrayOf(result, "data.result").Select((item, i) => VectorSample(item, $"data.result[{i}]")).ToList(),
            "scalar" => [new PrometheusSample(new Dictionary<string, string>(), Timestamp(result, "data.result"), Value(result, "data.result"))],
            _ => throw new FormatException($"data.resultType is '{resultType}'; only instant vectors and scalars are read"),
        };
    }

    /// <summary>The series of a <c>/api/v1/query_range</c> answer (a matrix), counted against <paramref name="limits"/>.</summary>
    /// <exception cref="FormatException">The answer is not a well-formed matrix envelope, or holds too many samples; the message says why.</exception>
    public static IReadOnlyList<PrometheusSeries> ReadSeries(JsonElement root, RangeLimits limits)
    {
        var data = Property(root, "data", JsonValueKind.Object);
        var resultType = Property(data, "resultType", JsonValueKind.String, "data").GetString();
        if (resultType != "matrix")
        {
            throw new FormatException($"data.resultType is '{resultType}'; a range query answers a matrix");
        }

        var series = new List<PrometheusSeries>();
        var index = 0;
        foreach (var item in Property(data, "result", JsonValueKind.Array, "data").EnumerateArray())
        {
            var path = $"data.result[{index++}]";
            var values = Property(item, "values", JsonValueKind.Array, path);
            limits.Count(values.GetArrayLength());
            var points = new List<PrometheusPoint>(values.GetArrayLength());
            var at = 0;
            foreach (var pair in values.EnumerateArray())
            {
                var pairPath = $"{path}.values[{at++}]";
                points.Add(new PrometheusPoint(Timestamp(pair, pairPath), Value(pair, pairPath)));
            }

            series.Add(new PrometheusSeries(Labels(Property(item, "metric", JsonValueKind.Object, path)), points));
        }

        return series;
    }

    /// <summary>The <c>errorType: error</c> of an error envelope, or null when the body is not one.</summary>
    public static string? ErrorMessage(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error))
        {
            return null;
        }

        var type = root.TryGetProperty("errorType", out var errorType) ? errorType.GetString() : null;
        return type is null ? error.GetString() : $"{type}: {error.GetString()}";
    }

    private static PrometheusSample VectorSample(JsonElement item, string path)
    {
        var labels = Labels(Property(item, "metric", JsonValueKind.Object, path));
        var value = Property(item, "value", JsonValueKind.Array, path);
        return new PrometheusSample(labels, Timestamp(value, $"{path}.value"), Value(value, $"{path}.value"));
    }

    private static Dictionary<string, string> Labels(JsonElement metric)
    {
        var labels = new Dictionary<string, string>();
        foreach (var label in metric.EnumerateObject())
        {
            labels[label.Name] = label.Value.GetString() ?? "";
        }

        return labels;
    }

    private static DateTimeOffset Timestamp(JsonElement pair, string path)
    {
        var items = ArrayOf(pair, path);
        if (items.Count != 2 || items[0].ValueKind != JsonValueKind.Number)
        {
            throw new FormatException($"{path} is not a [time, \"value\"] pair");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(items[0].GetDouble() * 1000));
    }

    private static double Value(JsonElement pair, string path)
    {
        var text = ArrayOf(pair, path)[1];
        if (text.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"{path}[1] is a {text.ValueKind}; Prometheus sends sample values as strings");
        }

        var value = text.GetString()!;
        return value switch
        {
            "NaN" => double.NaN,
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
            _ => throw new FormatException($"{path}[1] is '{value}', which is not a number"),
        };
    }

    private static List<JsonElement> ArrayOf(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().ToList() : throw new FormatException($"{path} is not an array");

    private static JsonElement Property(JsonElement element, string name, JsonValueKind kind, string? parent = null)
    {
        var path = parent is null ? name : $"{parent}.{name}";
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            throw new FormatException($"{path} is missing");
        }

        return value.ValueKind == kind ? value : throw new FormatException($"{path} is {value.ValueKind}, expected {kind}");
    }
}
