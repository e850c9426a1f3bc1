namespace Smo.Kpi.Kpis;

/// <summary>
/// A replay over time for the report, one point per <see cref="SampleSeconds"/>: the replicas the load needed and those
/// holding CPU (means over the sample, all services together), energy and carbon so far, and each service's cluster.
/// </summary>
public sealed class Timeline(double sampleSeconds, IReadOnlyList<string> services)
{
    private double _needed, _allocated, _seconds;

    public double SampleSeconds => sampleSeconds;

    public IReadOnlyList<string> Services => services;

    public List<double> Times { get; } = [];

    public List<double> NeededReplicas { get; } = [];

    public List<double> AllocatedReplicas { get; } = [];

    public List<double> CumulativeKwh { get; } = [];

    public List<double> CumulativeKgCo2 { get; } = [];

    /// <summary>Per sample, each service's cluster (in <see cref="Services"/> order).</summary>
    public List<string[]> Placement { get; } = [];

    /// <summary>Adds one replay step; closes a sample when it is full.</summary>
    public void Step(double end, double seconds, double needed, double allocated, KpiMeter meter, Func<string[]> placement)
    {
        _needed += needed * seconds;
        _allocated += allocated * seconds;
        _seconds += seconds;
        if (_seconds + 1e-9 < sampleSeconds)
        {
            return;
        }

        Times.Add(end);
        NeededReplicas.Add(_needed / _seconds);
        AllocatedReplicas.Add(_allocated / _seconds);
        CumulativeKwh.Add(meter.KilowattHours);
        CumulativeKgCo2.Add(meter.CarbonKilograms);
        Placement.Add(placement());
        _needed = _allocated = _seconds = 0;
    }
}
