namespace Smo.Functions.Telemetry;

/// <summary>
/// The <c>graph</c> label's values: the first <see cref="MetricsOptions.MaxGraphLabels"/> valid graph names seen get a
/// value of their own, for the life of the process; every later graph, and anything that is not a graph name, shares
/// <see cref="LabelValues.Other"/>. A slot is never handed on: a counter's series outlives its graph in the exporter and
/// in Prometheus, so admitting a new name for each removed one would grow the series all the same.
/// </summary>
public sealed class GraphLabels(MetricsOptions options)
{
    private readonly HashSet<string> _admitted = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>How many graph names have a value of their own.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _admitted.Count;
            }
        }
    }

    /// <summary>The label value for <paramref name="graph"/>: its name when admitted (now or before), <see cref="LabelValues.Other"/> otherwise.</summary>
    public string Of(string? graph)
    {
        if (!LabelValues.IsGraphName(graph))
        {
            return LabelValues.Other;
        }

        lock (_gate)
        {
            return _admitted.Contains(graph!) || (_admitted.Count < options.MaxGraphLabels && _admitted.Add(graph!)) ? graph! : LabelValues.Other;
        }
    }
}
