using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Scaling;

/// <summary>
/// Predictive scaling: the <c>smo-milp</c> model, given each service's forecast for the time new replicas would be
/// ready (<see cref="ScaledService.PredictedRate"/>, the forecast's upper quantile), so replicas carry the larger of
/// the rate now and the forecast. The shadow mode decides exactly as <c>smo-milp</c> — its tick records the forecasts
/// without giving them to the model — so a forecaster can be judged on a graph before it is trusted with one.
/// </summary>
public sealed class PredictiveScaling(bool shadow = false) : IScalingStrategy
{
    public const string StrategyName = "predictive";
    public const string ShadowStrategyName = "predictive-shadow";

    private readonly MilpScaling _model = new();

    public string Name => shadow ? ShadowStrategyName : StrategyName;

    /// <summary>Whether the forecasts decide replicas (false: recorded only).</summary>
    public bool ActsOnForecasts => !shadow;

    public ScalingResult Decide(ScalingProblem problem, SolverOptions options) => _model.Decide(problem, options);

    public ScalingResult DecideAcrossClusters(MultiClusterScalingProblem problem, SolverOptions options) => _model.DecideAcrossClusters(problem, options);
}
