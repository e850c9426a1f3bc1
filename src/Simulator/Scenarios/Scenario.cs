using System.Reflection;
using System.Text.Json.Nodes;
using Smo.Simulator.Faults;
using Smo.Simulator.Series;

namespace Smo.Simulator.Scenarios;

/// <summary>A federation digital twin: its clusters, the load on its services, the faults to inject, seeded objects.</summary>
public sealed record Scenario(
    string Name,
    SimulationSettings Simulation,
    IReadOnlyList<ClusterSpec> Clusters,
    IReadOnlyList<WorkloadSpec> Workloads,
    IReadOnlyList<FaultSpec> Faults,
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<JsonObject> Objects)
{
    private const string DefaultResource = "Smo.Simulator.default-scenario.yaml";

    /// <summary>The built-in three-cluster scenario (Scenarios/default-scenario.yaml), synthetic load only.</summary>
    public static Scenario Default { get; } = ScenarioParser.Parse(DefaultText, "built-in default scenario");

    public static string DefaultText
    {
        get
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(DefaultResource)
                ?? throw new InvalidOperationException($"embedded resource {DefaultResource} is missing");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}

/// <param name="Tick">Simulated time between two workload steps.</param>
/// <param name="PodStartDelay">How long a scheduled pod takes to become ready.</param>
/// <param name="ManualClock">Time moves only through POST /sim/advance (deterministic tests).</param>
/// <param name="Seed">Seeds the random draws of fault rates.</param>
/// <param name="Start">Wall-clock time of simulated time zero; null = when the simulator starts.</param>
public sealed record SimulationSettings(TimeSpan Tick, TimeSpan PodStartDelay, bool ManualClock, int Seed, DateTimeOffset? Start)
{
    public static readonly TimeSpan DefaultTick = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultPodStartDelay = TimeSpan.FromSeconds(5);
    public const int DefaultSeed = 1;

    /// <summary>How often a watch that allows bookmarks gets one (real time, whatever the clock); the apiserver's is a minute.</summary>
    public TimeSpan WatchBookmarkInterval { get; init; } = DefaultWatchBookmarkInterval;

    public static readonly TimeSpan DefaultWatchBookmarkInterval = TimeSpan.FromMinutes(1);
}

/// <summary>Power model per core: PUE × (idle + utilisation × (max − idle)).</summary>
public sealed record EnergyProfile(double Pue, double IdleWattsPerCore, double MaxWattsPerCore);

public sealed record ClusterSpec(
    string Name,
    string Region,
    string Zone,
    decimal CpuCores,
    decimal MemoryBytes,
    int Gpus,
    int MaxPods,
    int Nodes,
    IReadOnlyDictionary<string, string> Labels,
    EnergyProfile Energy,
    ISeries CarbonIntensity,
    string PodCidr,
    string ServiceCidr);

/// <summary>Offered load on one service; each ready replica serves <paramref name="Alpha"/> requests/s, plus <paramref name="Beta"/>.</summary>
public sealed record WorkloadSpec(string Service, string? Namespace, double Alpha, double Beta, ISeries Load)
{
    /// <summary>Requests/s one replica serves when no workload names the service.</summary>
    public const double DefaultAlpha = 10;
}
