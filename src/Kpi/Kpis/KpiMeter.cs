namespace Smo.Kpi.Kpis;

/// <summary>
/// Adds up a replay step by step. Per service and step: the offered load O, the ready replicas R and what they serve,
/// min(O, α·R + β) (nothing without a ready replica); the replicas that hold CPU (scheduled: ready or starting)
/// against those the load needs — the fewest with α·r + β ≥ O, within the service's bounds. Per cluster and step: the
/// power of the cores the graph holds, PUE × (held cores × idle W + busy cores × (max − idle) W), busy cores being
/// each service's served share of its capacity times its ready cores; its energy, and carbon at the cluster's
/// intensity of the moment.
/// </summary>
public sealed class KpiMeter
{
    /// <summary>A step in which the graph turns away more than this share of its requests violates the SLO.</summary>
    public const double SloUnservedShare = 0.01;

    private const double JoulesPerKilowattHour = 3.6e6;

    private double _offered, _served, _absoluteError, _neededCpuSeconds, _overCpuSeconds;
    private double _underServiceSeconds, _serviceSeconds, _sloSeconds, _seconds;
    private double _joules, _carbonGrams;
    private readonly List<double> _decisionMs = [];

    public int Moves { get; set; }

    public double KilowattHours => _joules / JoulesPerKilowattHour;

    public double CarbonKilograms => _carbonGrams / 1000;

    public double ServedRequests => _served;

    public double OfferedRequests => _offered;

    /// <summary>One service for one step of <paramref name="seconds"/>; returns the requests it served per second.</summary>
    public double Service(double seconds, double offered, ServiceStep step)
    {
        var served = Math.Min(offered, Capacity(step));
        _offered += offered * seconds;
        _served += served * seconds;
        var needed = Needed(offered, step);
        _absoluteError += Math.Abs(step.Allocated - needed) * step.Cpu * seconds;
        _neededCpuSeconds += needed * step.Cpu * seconds;
        _overCpuSeconds += Math.Max(0, step.Allocated - needed) * step.Cpu * seconds;
        _underServiceSeconds += step.Ready < needed ? seconds : 0;
        _serviceSeconds += seconds;
        return served;
    }

    /// <summary>The graph as a whole for one step: whether it turned away more than the SLO allows.</summary>
    public void Graph(double seconds, double offered, double served)
    {
        _seconds += seconds;
        _sloSeconds += offered > 0 && (offered - served) / offered > SloUnservedShare ? seconds : 0;
    }

    /// <summary>One cluster for one step: the cores the graph holds there, how many of them are busy, and the grid's intensity.</summary>
    public double Cluster(double seconds, ClusterStep step)
    {
        var watts = step.Pue * ((step.HeldCores * step.IdleWattsPerCore) + (step.BusyCores * (step.MaxWattsPerCore - step.IdleWattsPerCore)));
        _joules += watts * seconds;
        _carbonGrams += watts * seconds / JoulesPerKilowattHour * step.CarbonGramsPerKWh;
        return watts;
    }

    public void Decision(double milliseconds) => _decisionMs.Add(milliseconds);

    /// <summary>What the ready replicas carry, α·R + β; nothing without a ready replica.</summary>
    public static double Capacity(ServiceStep step) => step.Ready > 0 ? Math.Max(0, (step.Alpha * step.Ready) + step.Beta) : 0;

    /// <summary>The fewest replicas that carry <paramref name="offered"/>, within the service's bounds.</summary>
    public static int Needed(double offered, ServiceStep step)
    {
        var missing = offered - step.Beta;
        var replicas = missing <= 0 ? 0 : Math.Ceiling((missing / step.Alpha) - 1e-9);
        return (int)Math.Clamp(replicas, step.MinReplicas, step.MaxReplicas);
    }

    /// <summary>The KPIs of what was measured (issue 13's names; see <see cref="KpiNames"/>).</summary>
    public IReadOnlyDictionary<string, double> Kpis() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [KpiNames.KwhPerMillionRequests] = _served > 0 ? KilowattHours / (_served / 1e6) : double.NaN,
        [KpiNames.KgCo2PerMillionRequests] = _served > 0 ? CarbonKilograms / (_served / 1e6) : double.NaN,
        [KpiNames.UnservedRequestShare] = _offered > 0 ? (_offered - _served) / _offered : 0,
        [KpiNames.SloViolationTimeShare] = _seconds > 0 ? _sloSeconds / _seconds : 0,
        [KpiNames.AllocationAccuracy] = _neededCpuSeconds > 0 ? 1 - (_absoluteError / _neededCpuSeconds) : double.NaN,
        [KpiNames.UnderProvisionedTimeShare] = _serviceSeconds > 0 ? _underServiceSeconds / _serviceSeconds : 0,
        [KpiNames.OverProvisionedCpuHours] = _overCpuSeconds / 3600,
        [KpiNames.Moves] = Moves,
        [KpiNames.DecisionMsP95] = _decisionMs.Count > 0 ? NearestRank(_decisionMs, 0.95) : 0,
    };

    private static double NearestRank(List<double> values, double quantile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
    }
}

/// <summary>A service during one step: its model, bounds and CPU per replica, its ready replicas and those holding CPU.</summary>
public readonly record struct ServiceStep(double Alpha, double Beta, int MinReplicas, int MaxReplicas, double Cpu, int Ready, int Allocated);

/// <summary>A cluster during one step: its energy profile, the cores the graph holds and keeps busy, and the carbon intensity.</summary>
public readonly record struct ClusterStep(double Pue, double IdleWattsPerCore, double MaxWattsPerCore, double HeldCores, double BusyCores, double CarbonGramsPerKWh);
