using System.Globalization;
using System.Text;

namespace Smo.Simulator.Metrics;

/// <summary>Prometheus text exposition format 0.0.4: one HELP and TYPE line per family, escaped labels, '\n' endings.</summary>
public sealed class ExpositionWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();

    public ExpositionWriter Family(string name, string type, string help, IEnumerable<Sample> samples)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var sample in samples)
        {
            _text.Append(name);
            if (sample.Labels.Count > 0)
            {
                _text.Append('{');
                _text.AppendJoin(',', sample.Labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\""));
                _text.Append('}');
            }
            _text.Append(' ').Append(Format(sample.Value)).Append('\n');
        }
        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>Go's float formatting as Prometheus parses it: NaN, +Inf, -Inf, shortest round-trip digits.</summary>
    public static string Format(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}

/// <summary>One sample line: label pairs in order, and its value.</summary>
public sealed record Sample(IReadOnlyList<(string Name, string Value)> Labels, double Value);
