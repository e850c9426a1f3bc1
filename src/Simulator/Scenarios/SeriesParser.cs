using Smo.Simulator.Series;

namespace Smo.Simulator.Scenarios;

/// <summary>
/// Reads a load shape or a carbon-intensity series: a plain number (constant), or a mapping whose <c>type</c> is
/// constant, steps, sine, daily or trace. A trace whose file is missing falls back to its <c>fallback</c> shape when it has one.
/// </summary>
/// <param name="simulationStart">Wall-clock time of simulated time zero, when the scenario gives one: where a daily curve starts its day.</param>
internal sealed class SeriesParser(string baseDirectory, DateTimeOffset? simulationStart = null)
{
    private static readonly string[] Types = ["constant", "steps", "sine", "daily", "trace"];

    public ISeries Parse(ScenarioField field)
    {
        if (field.Node is YamlDotNet.RepresentationModel.YamlScalarNode)
        {
            return new ConstantSeries(field.Number(min: 0));
        }
        var type = field.Require("type").Text();
        return type switch
        {
            "constant" => new ConstantSeries(field.AllowOnly("type", "value").Require("value").Number(min: 0)),
            "steps" => Steps(field.AllowOnly("type", "steps")),
            "sine" => Sine(field.AllowOnly("type", "mean", "amplitude", "period", "phase")),
            "daily" => Daily(field.AllowOnly("type", "mean", "solarDip", "eveningPeak", "start", "speedup")),
            "trace" => Trace(field.AllowOnly("type", "file", "kind", "speedup", "scale", "peak", "start", "bucket", "fallback")),
            _ => throw field.Require("type").Error($"unknown series type '{type}' (expected one of: {string.Join(", ", Types)})"),
        };
    }

    private static StepSeries Steps(ScenarioField field)
    {
        var steps = field.Require("steps").Items()
            .Select(step => step.AllowOnly("at", "value"))
            .Select(step => (At: step.Require("at").Duration(), Value: step.Require("value").Number(min: 0), Field: step))
            .ToList();
        for (var i = 1; i < steps.Count; i++)
        {
            if (steps[i].At <= steps[i - 1].At)
            {
                throw steps[i].Field.Require("at").Error("steps must be in strictly increasing 'at' order");
            }
        }
        return steps.Count > 0 ? new StepSeries(steps.Select(s => (s.At, s.Value)).ToList()) : throw field.Require("steps").Error("needs at least one step");
    }

    private static SineSeries Sine(ScenarioField field)
    {
        var period = field.Require("period").Duration();
        if (period <= TimeSpan.Zero)
        {
            throw field.Require("period").Error("the period must be positive");
        }
        return new SineSeries(field.Require("mean").Number(min: 0), field.Require("amplitude").Number(min: 0), period,
            field.Get("phase")?.Duration() ?? TimeSpan.Zero);
    }

    private GridDaySeries Daily(ScenarioField field) => new(
        field.Require("mean").Number(min: 0),
        field.Get("solarDip")?.Number(min: 0) ?? 0,
        field.Get("eveningPeak")?.Number(min: 0) ?? 0,
        field.Get("start")?.Duration() ?? simulationStart?.UtcDateTime.TimeOfDay ?? TimeSpan.Zero,
        field.Get("speedup")?.Number(min: double.Epsilon) ?? 1);

    private ISeries Trace(ScenarioField field)
    {
        var fileField = field.Require("file");
        var path = Path.IsPathRooted(fileField.Text()) ? fileField.Text() : Path.Combine(baseDirectory, fileField.Text());
        if (!File.Exists(path) && field.Get("fallback") is { } fallback)
        {
            return Parse(fallback);
        }
        var kind = field.Get("kind")?.Text() ?? "auto";
        // Where simulated time zero falls: an offset into the trace, or a UTC time of it.
        var startField = field.Get("start");
        var startAt = startField is null ? null : At(startField);
        var options = new TraceOptions(
            kind switch
            {
                "auto" => TraceKind.Auto,
                "values" => TraceKind.Values,
                "arrivals" => TraceKind.Arrivals,
                _ => throw field.Require("kind").Error($"kind must be auto, values or arrivals, got '{kind}'"),
            },
            field.Get("speedup")?.Number(min: double.Epsilon) ?? 1,
            field.Get("scale")?.Number(min: 0) ?? 1,
            field.Get("peak")?.Number(min: 0),
            startAt is null ? startField?.Duration() ?? TimeSpan.Zero : TimeSpan.Zero,
            field.Get("bucket")?.Duration())
        {
            StartAt = startAt,
        };
        try
        {
            return TraceFile.Load(path, options);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw field.Require("start").Wrap(e);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw fileField.Wrap(e);
        }
    }

    /// <summary>A start given as a UTC time (RFC 3339, <c>2020-06-01T00:00:00Z</c>) rather than an offset; null for an offset.</summary>
    private static DateTimeOffset? At(ScenarioField field)
    {
        var text = field.Text();
        if (!text.Contains('T', StringComparison.Ordinal) && !text.Contains('-', StringComparison.Ordinal))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw field.Error($"expected a duration from the trace's start or a UTC time like 2020-06-01T00:00:00Z, got {field.Describe()}");
    }
}
