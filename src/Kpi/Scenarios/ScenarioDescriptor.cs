namespace Smo.Kpi.Scenarios;

/// <summary>A scenario file as written (see <see cref="ScenarioFile"/>); checked before anything is read from disk.</summary>
/// <param name="CarbonStart">The wall time (UTC) the measured window starts at on the carbon series: a date of their year
/// with the trace's weekday, so the trace's weeks line up with the grid's.</param>
public sealed record ScenarioDescriptor(
    string Name, double Days, double HistoryDays, DateTimeOffset CarbonStart,
    IReadOnlyList<ServiceDescriptor> Services, IReadOnlyList<ClusterDescriptor> Clusters)
{
    public const int MaxServices = 50;
    public const int MaxClusters = 20;
    public const double MaxDays = 28;

    public string Description { get; init; } = "";

    public IReadOnlyList<EdgeDescriptor> Edges { get; init; } = [];

    public double? PodStartSeconds { get; init; }

    /// <summary>Throws naming the file and the field for anything the replay cannot use.</summary>
    public void Check(string path)
    {
        var problems = Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"{path}: {string.Join(" ", problems)}");
        }
    }

    private IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return "name: required.";
        }

        if (!(Days is > 0 and <= MaxDays) || !(HistoryDays is >= 0 and <= MaxDays))
        {
            yield return $"days and historyDays: from 0 to {MaxDays} (days above 0).";
        }

        if (Services is not { Count: > 0 and <= MaxServices } || Clusters is not { Count: > 0 and <= MaxClusters })
        {
            yield return $"services (1 to {MaxServices}) and clusters (1 to {MaxClusters}) are required.";
            yield break;
        }

        foreach (var (service, i) in Services.Select((s, i) => (s, i)))
        {
            if (string.IsNullOrWhiteSpace(service.Name) || !(service.Cpu > 0) || !(service.MemoryGiB >= 0) || !(service.Alpha > 0)
                || !double.IsFinite(service.Beta) || service.MinReplicas < 1 || service.MaxReplicas < service.MinReplicas
                || service.Load is null || !(service.Load.Peak > 0) || !(service.Load.PerSeconds > 0) || service.Load.WeekendShare is < 0 or > 1)
            {
                yield return $"services[{i}]: a name, cpu > 0, alpha > 0, 1 ≤ minReplicas ≤ maxReplicas and a load with a peak > 0 are required.";
            }
        }

        foreach (var (cluster, i) in Clusters.Select((c, i) => (c, i)))
        {
            if (string.IsNullOrWhiteSpace(cluster.Name) || !(cluster.Cpu > 0) || !(cluster.MemoryGiB > 0) || !(cluster.Pue >= 1)
                || !(cluster.IdleWattsPerCore >= 0) || !(cluster.MaxWattsPerCore >= cluster.IdleWattsPerCore) || cluster.Carbon is null || !(cluster.Carbon.Mean > 0))
            {
                yield return $"clusters[{i}]: a name, cpu and memory > 0, pue ≥ 1, 0 ≤ idle ≤ max W per core and a carbon series with a mean > 0 are required.";
            }
        }

        var names = Services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        if (names.Count != Services.Count || Clusters.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != Clusters.Count)
        {
            yield return "service and cluster names must be unique.";
        }

        foreach (var (edge, i) in Edges.Select((e, i) => (e, i)))
        {
            if (!names.Contains(edge.From) || !names.Contains(edge.To) || !(edge.Weight >= 0))
            {
                yield return $"edges[{i}]: from and to must name services, weight ≥ 0.";
            }
        }

        if (PodStartSeconds is { } podStart && !(podStart is > 0 and <= 3600))
        {
            yield return "podStartSeconds: from 0 to 3600.";
        }
    }
}

/// <param name="Load">The offered load: a trace file or, without the data, a synthetic shape; scaled to <c>peak</c> req/s.</param>
public sealed record ServiceDescriptor(string Name, double Cpu, double MemoryGiB, double Alpha, double Beta, int MinReplicas, int MaxReplicas, LoadDescriptor Load);

/// <param name="File">A trace under the data folder (<c>requests/…</c>, <c>crane/…</c>).</param>
/// <param name="Peak">The rate (req/s) the series' largest value is scaled to.</param>
/// <param name="PerSeconds">What one value counts over: 300 for the ELB trace's requests per 5 minutes, 1 for a rate.</param>
/// <param name="WeekendShare">The synthetic stand-in's weekend level, as a share of a weekday's.</param>
public sealed record LoadDescriptor(string? File, double Peak, double PerSeconds = 1, int? Seed = null, double WeekendShare = 0.6);

public sealed record ClusterDescriptor(
    string Name, string Region, double Cpu, double MemoryGiB, double Pue, double IdleWattsPerCore, double MaxWattsPerCore, CarbonDescriptor Carbon);

/// <param name="File">A carbon-intensity file under the data folder (<c>carbon/…</c>).</param>
/// <param name="Mean">The synthetic stand-in's mean (gCO2/kWh), near the file's own.</param>
/// <param name="Amplitude">The synthetic stand-in's daily swing.</param>
public sealed record CarbonDescriptor(string? File, double Mean, double Amplitude, int? Seed = null);

public sealed record EdgeDescriptor(string From, string To, double Weight = 1);
