using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Functions.Scaling;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs.Translation;

/// <summary>
/// What a graph gets when its descriptor does not say (configuration section <see cref="Section"/>): strategies,
/// the scaling interval, the capacity model of services without <c>scaling</c>, and the solvers' time limits.
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

    public TimeSpan ScalingTimeLimit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The window of the request-rate query (PromQL <c>rate(...[window])</c>).</summary>
    public TimeSpan RateWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the load watch compares request rates with what the replicas carry, to scale up between ticks;
    /// zero turns it off. Each look is one query for the watched services of all running graphs, on one host of the deployment.
    /// </summary>
    public TimeSpan LoadWatchInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>When scaling down, the share of the rate the fewer replicas must carry on top (see <see cref="ScalingFloor"/>).</summary>
    public double ScaleDownHeadroom { get; init; } = 0.1;

    /// <summary>The capacity model of a service: its descriptor's, else these defaults.</summary>
    public ScalingParameters ScalingOf(ServiceRecord service) => ScalingOf(service.Scaling);

    /// <summary>A service's own capacity model (null: none given), else these defaults.</summary>
    public ScalingParameters ScalingOf(ScalingParameters? own) => own ?? new ScalingParameters(Alpha, Beta, 1, MaxReplicas);
}
