using Smo.Solver.Model;

namespace Smo.Solver.Explanations;

/// <summary>Why a service got its replicas: its load, what the load needs, its bounds, and which bound decided.</summary>
/// <param name="Rate">Requests per second measured.</param>
/// <param name="PredictedRate">Requests per second forecast, when there is a forecast; replicas carry the larger.</param>
/// <param name="Alpha">Requests per second one more replica carries (α·r + β).</param>
/// <param name="Beta">Requests per second carried regardless of replicas.</param>
/// <param name="NeededReplicas">The fewest replicas that carry the load; null when no count does (α = 0).</param>
/// <param name="MinReplicas">The service's own minimum.</param>
/// <param name="ScaleDownFloor">The fewest replicas scaling down may leave, when above the minimum (headroom over the rate); null otherwise.</param>
/// <param name="MaxReplicas">The service's maximum; null when unbounded.</param>
/// <param name="Replicas">Replicas decided.</param>
/// <param name="Binding">What set <paramref name="Replicas"/> apart from the load (constants below); null when the load did.</param>
/// <param name="Overload">When the load needs more than was granted: needed, granted, and the limit.</param>
/// <param name="ForecastMethod">The method of the forecast in <paramref name="PredictedRate"/>; null when there is none.</param>
/// <param name="ForecastDecided">Whether the forecast set the count: more replicas than the rate now and the bounds ask for.</param>
public sealed record ServiceScalingExplanation(
    string Service,
    double Rate,
    double? PredictedRate,
    double Alpha,
    double Beta,
    int? NeededReplicas,
    int MinReplicas,
    int? ScaleDownFloor,
    int? MaxReplicas,
    int Replicas,
    string? Binding,
    ServiceOverload? Overload,
    string? ForecastMethod = null,
    bool ForecastDecided = false)
{
    public const string MinBinding = "min";
    public const string MaxBinding = "max";
    public const string CpuBinding = "cpu";
    public const string HeadroomBinding = "headroom";
}
