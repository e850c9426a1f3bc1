using Smo.Hdag.Parsing;
using Smo.Hdag.Translation;
using Smo.Functions.Scaling;
using Smo.Solver.Strategies;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs.Translation;

/// <summary>
/// What a graph gets when its descriptor does not say (configuration section <see cref="Section"/>): strategies,
/// the scaling interval, the capacity model of services without <c>scaling</c>, objective weights, and the solvers'
/// time limits; read and checked once, when the host starts.
/// </summary>
public sealed record GraphDefaults
{
    public const string Section = "Smo:Graphs";

    public string PlacementStrategy { get; init; } = "smo-milp";

    public string ScalingStrategy { get; init; } = "smo-milp";

    /// <summary>The original looped every 30 s; the demo and the benchmarks use 1 s.</summary>
    public TimeSpan ScalingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests per second one replica carries, for services whose descriptor gives no α.</summary>
    public double Alpha { get; init; } = 10;

    public double Beta { get; init; }

    /// <summary>The replica ceiling for services whose descriptor gives none (the original lost its ceiling).</summary>
    public int MaxReplicas { get; init; } = 10;

    public TimeSpan PlacementTimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The shortest <c>scalingInterval</c> a descriptor may ask for; a shorter one is refused at deploy.</summary>
    public TimeSpan MinScalingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Services a descriptor may have; more are refused at deploy (where <c>hdaGraph.services</c>).</summary>
    public int MaxServices { get; init; } = HdagParserOptions.DefaultMaxServices;

    /// <summary>Connection points and dependencies a descriptor may have, all services together.</summary>
    public int MaxEdges { get; init; } = HdagParserOptions.DefaultMaxEdges;

    /// <summary>Operational policies a descriptor may have, all services together (each is a Prometheus rule).</summary>
    public int MaxPolicies { get; init; } = HdagParserOptions.DefaultMaxPolicies;

    /// <summary>Trigger events a descriptor may have, all services together (each is a Prometheus rule).</summary>
    public int MaxTriggerEvents { get; init; } = HdagParserOptions.DefaultMaxEvents;

    /// <summary>What-ifs (<c>?dryRun=true</c>) that may solve at once on one host; more are answered 429.</summary>
    public int MaxConcurrentDryRuns { get; init; } = 2;

    public TimeSpan ScalingTimeLimit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The window of the request-rate query (PromQL <c>rate(...[window])</c>).</summary>
    public TimeSpan RateWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the load watch compares request rates with what the replicas carry, to scale up between ticks;
    /// zero turns it off. Each look is one query for the watched services of all running graphs, on one host of the deployment.
    /// </summary>
    public TimeSpan LoadWatchInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a replica may take to become ready after its service was installed, moved or scaled; one still not
    /// ready then is taken for Pending (no room on its cluster) and holds no CPU in the scaling decision.
    /// </summary>
    public TimeSpan PodStartDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often a graph checks drift a scaling tick cannot see — its Helm releases (missing, or at a revision Smo did
    /// not make), Karmada's scheduling (ResourceBindings) and its alert rules — on the first tick after it is due;
    /// zero checks every tick. A helm process and two reads per graph are too costly for every tick of a large fleet.
    /// </summary>
    public TimeSpan DriftCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When scaling down, the share of the rate the fewer replicas must carry on top (see <see cref="ScalingFloor"/>).</summary>
    public double ScaleDownHeadroom { get; init; } = 0.1;

    /// <summary>The weights of the objective terms a graph does not set (<c>Smo:Graphs:Weights:&lt;term&gt;</c>).</summary>
    public WeightDefaults Weights { get; init; } = new();

    /// <summary>The longest time limit an <c>execute_strategy</c> body may ask the solver for.</summary>
    public TimeSpan MaxStrategyTimeLimit { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The most solver workers (threads) an <c>execute_strategy</c> body may ask for.</summary>
    public int MaxStrategyWorkers { get; init; } = 4;

    /// <summary>Versions of a graph's descriptor kept (updates and rollbacks add one each); the oldest go first, the current one never.</summary>
    public int MaxVersions { get; init; } = 20;

    /// <summary>The settings of <see cref="Section"/> (or the defaults); throws naming every setting that is out of range.</summary>
    public static GraphDefaults Read(IConfiguration configuration, StrategyRegistry strategies)
    {
        GraphDefaults defaults;
        try
        {
            defaults = configuration.GetSection(Section).Get<GraphDefaults>() ?? new GraphDefaults();
        }
        catch (InvalidOperationException unreadable)
        {
            throw new InvalidOperationException($"The settings under {Section} cannot be read: {unreadable.Message}", unreadable);
        }

        var problems = defaults.Problems(strategies).Concat(UnknownWeightTerms(configuration)).ToList();
        return problems.Count == 0
            ? defaults
            : throw new InvalidOperationException($"The settings under {Section} are not valid: {string.Join(" ", problems)}");
    }

    /// <summary>A misspelt term (say <c>Utilization</c>) would otherwise be ignored without a word.</summary>
    private static IEnumerable<string> UnknownWeightTerms(IConfiguration configuration) =>
        configuration.GetSection($"{Section}:{nameof(Weights)}").GetChildren()
            .Where(setting => !WeightTerms.All.Contains(setting.Key, StringComparer.OrdinalIgnoreCase))
            .Select(setting => $"{setting.Path} is not a weight term; the terms are {string.Join(", ", WeightTerms.All)}.");

    private IEnumerable<string> Problems(StrategyRegistry strategies)
    {
        string Setting(string name) => $"{Section}:{name}";
        if (strategies.UnknownPlacement(PlacementStrategy) is { } placement)
        {
            yield return $"{Setting(nameof(PlacementStrategy))}: {placement}";
        }

        if (strategies.UnknownScaling(ScalingStrategy) is { } scaling)
        {
            yield return $"{Setting(nameof(ScalingStrategy))}: {scaling}";
        }

        foreach (var (name, value) in new[]
        {
            (nameof(ScalingInterval), ScalingInterval), (nameof(PlacementTimeLimit), PlacementTimeLimit),
            (nameof(ScalingTimeLimit), ScalingTimeLimit), (nameof(RateWindow), RateWindow), (nameof(PodStartDelay), PodStartDelay),
            (nameof(MaxStrategyTimeLimit), MaxStrategyTimeLimit),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"{Setting(name)} must be longer than zero (is {value}).";
            }
        }

        if (MinScalingInterval <= TimeSpan.Zero)
        {
            yield return $"{Setting(nameof(MinScalingInterval))} must be longer than zero (is {MinScalingInterval}).";
        }

        foreach (var (name, value) in new[]
        {
            (nameof(MaxServices), MaxServices), (nameof(MaxEdges), MaxEdges), (nameof(MaxPolicies), MaxPolicies), (nameof(MaxTriggerEvents), MaxTriggerEvents),
        })
        {
            if (value is < 1 or > 1_000_000)
            {
                yield return $"{Setting(name)} must be between 1 and 1000000 (is {value}).";
            }
        }

        if (MaxConcurrentDryRuns is < 1 or > 64)
        {
            yield return $"{Setting(nameof(MaxConcurrentDryRuns))} must be between 1 and 64 (is {MaxConcurrentDryRuns}).";
        }

        if (MaxVersions is < 2 or > 1000)
        {
            yield return $"{Setting(nameof(MaxVersions))} must be between 2 and 1000 (is {MaxVersions}).";
        }

        if (MaxStrategyWorkers is < 1 or > 64)
        {
            yield return $"{Setting(nameof(MaxStrategyWorkers))} must be between 1 and 64 (is {MaxStrategyWorkers}).";
        }

        foreach (var problem in Weights.Problems(Setting(nameof(Weights))))
        {
            yield return problem;
        }

        if (LoadWatchInterval < TimeSpan.Zero)
        {
            yield return $"{Setting(nameof(LoadWatchInterval))} must be zero (off) or longer (is {LoadWatchInterval}).";
        }

        if (DriftCheckInterval < TimeSpan.Zero)
        {
            yield return $"{Setting(nameof(DriftCheckInterval))} must be zero (every tick) or longer (is {DriftCheckInterval}).";
        }

        if (!(Alpha > 0) || double.IsInfinity(Alpha))
        {
            yield return $"{Setting(nameof(Alpha))} must be a positive number of requests per second per replica (is {Alpha}).";
        }

        if (!(Beta >= 0) || double.IsInfinity(Beta))
        {
            yield return $"{Setting(nameof(Beta))} must be zero or more (is {Beta}).";
        }

        if (MaxReplicas < 1)
        {
            yield return $"{Setting(nameof(MaxReplicas))} must be at least 1 (is {MaxReplicas}).";
        }

        if (!(ScaleDownHeadroom is >= 0 and < 1))
        {
            yield return $"{Setting(nameof(ScaleDownHeadroom))} must be from 0 up to but not including 1 (is {ScaleDownHeadroom}).";
        }
    }

    /// <summary>The descriptor parser's limits, with this host's bounds on a graph's size and its intent tables.</summary>
    public HdagParserOptions ParserOptions(IntentTables intents) => HdagParserOptions.Default with
    {
        Intents = intents,
        MaxServices = MaxServices,
        MaxEdges = MaxEdges,
        MaxPolicies = MaxPolicies,
        MaxEvents = MaxTriggerEvents,
    };

    /// <summary>The capacity model of a service: its descriptor's, else these defaults.</summary>
    public ScalingParameters ScalingOf(ServiceRecord service) => ScalingOf(service.Scaling);

    /// <summary>A service's own capacity model (null: none given), else these defaults.</summary>
    public ScalingParameters ScalingOf(ScalingParameters? own) => own ?? new ScalingParameters(Alpha, Beta, 1, MaxReplicas);
}
