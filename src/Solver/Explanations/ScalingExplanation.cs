using Smo.Solver.Model;

namespace Smo.Solver.Explanations;

/// <summary>Explains a scaling decision service by service: the load, the replicas it needs, the bounds, and which bound bound.</summary>
public static class ScalingExplanation
{
    /// <summary>One explanation per service the result decided, in the problem's order; none when it decided nothing.</summary>
    /// <param name="ownMinimums">
    /// Each service's own minimum, where the problem's <see cref="ScaledService.MinReplicas"/> also holds a scale-down
    /// floor: a problem minimum above the service's own is that floor. Services not in it have the problem's as their own.
    /// </param>
    public static IReadOnlyList<ServiceScalingExplanation> Explain(
        ScalingProblem problem, ScalingResult result, IReadOnlyDictionary<string, int>? ownMinimums = null) =>
        [.. problem.Services
            .Where(s => result.Replicas.ContainsKey(s.Name))
            .Select(s => Explain(s, result.Replicas[s.Name], result.Overloads.FirstOrDefault(o => o.Service == s.Name), ownMinimums?.GetValueOrDefault(s.Name)))];

    private static ServiceScalingExplanation Explain(ScaledService service, int replicas, ServiceOverload? overload, int? ownMinimum)
    {
        var needed = service.ReplicasForLoad();
        var minimum = Math.Min(ownMinimum ?? service.MinReplicas, service.MinReplicas);
        var floor = service.MinReplicas > minimum ? service.MinReplicas : (int?)null;
        return new ServiceScalingExplanation(
            service.Name,
            service.RequestRate,
            service.PredictedRate,
            service.Alpha,
            service.Beta,
            needed == int.MaxValue ? null : needed,
            minimum,
            floor,
            service.MaxReplicas == int.MaxValue ? null : service.MaxReplicas,
            replicas,
            Binding(service, replicas, needed, floor, overload),
            overload,
            service.PredictedRate is null ? null : service.ForecastMethod,
            ForecastDecided(service, replicas));
    }

    /// <summary>A forecast above the rate now that took the count above what the rate now and the lower bound need.</summary>
    private static bool ForecastDecided(ScaledService service, int replicas) =>
        service.PredictedRate is { } predicted && predicted > service.RequestRate
        && replicas > Math.Max(service.MinReplicas, (service with { PredictedRate = null }).ReplicasForLoad());

    /// <summary>
    /// The bound that set the count: the overload's limit when the load needs more than was granted; the lower bound
    /// (the scale-down floor, or the minimum) when it holds more than the load needs; the maximum when it holds a
    /// count that was above it down. Null when the load set it (or the objective kept replicas between the bounds).
    /// </summary>
    private static string? Binding(ScaledService service, int replicas, int needed, int? floor, ServiceOverload? overload)
    {
        if (overload is not null)
        {
            return overload.Limit == ServiceOverload.MaxReplicasLimit ? ServiceScalingExplanation.MaxBinding : ServiceScalingExplanation.CpuBinding;
        }

        if (replicas == service.MinReplicas && service.MinReplicas > needed)
        {
            return floor is null ? ServiceScalingExplanation.MinBinding : ServiceScalingExplanation.HeadroomBinding;
        }

        return replicas == service.MaxReplicas && replicas > needed && service.CurrentReplicas > replicas
            ? ServiceScalingExplanation.MaxBinding
            : null;
    }
}
