using System.Globalization;

namespace Smo.Solver.Explanations;

/// <summary>
/// One line a human reads for a service: where it runs and why, the next best cluster, the constraints that bind,
/// and its replicas — e.g. "m2: lowest cost (deployment 0.12, energy 0.03); next best m1 +0.08; CPU at 93 % of m2's
/// limit; 3 replicas for 42 req/s: the load needs 3".
/// </summary>
public static class WhyHere
{
    public const string Unexplained = "No recorded decision explains this service yet.";

    public static string Line(ServicePlacementExplanation? placement, ServiceScalingExplanation? scaling)
    {
        var parts = new List<string>();
        if (placement is not null)
        {
            parts.Add(Placement(placement));
            parts.AddRange(placement.Binding.Select(b => Binding(b, placement.Cluster)));
        }

        if (scaling is not null)
        {
            parts.Add(Scaling(scaling));
        }

        return parts.Count == 0 ? Unexplained : string.Join("; ", parts);
    }

    private static string Placement(ServicePlacementExplanation placement)
    {
        var terms = Terms(placement.CostByTerm);
        return placement.Alternative switch
        {
            null => $"{placement.Cluster}: the only cluster it may use and fits on ({terms})",
            { Delta: >= 0 } next => $"{placement.Cluster}: lowest cost ({terms}); next best {next.Cluster} +{Number(next.Delta)}",
            { } cheaper => $"{placement.Cluster}: cost {Number(placement.Cost)} ({terms}); {cheaper.Cluster} would cost {Number(-cheaper.Delta)} less",
        };
    }

    /// <summary>The terms that cost anything, in the objective's order; "no cost" when none does.</summary>
    private static string Terms(IReadOnlyDictionary<string, double> costByTerm) =>
        costByTerm.Where(t => Number(t.Value) != "0").Select(t => $"{t.Key} {Number(t.Value)}").ToList() is { Count: > 0 } terms
            ? string.Join(", ", terms)
            : "no cost";

    private static string Binding(PlacementBinding binding, string chosen)
    {
        var clusters = string.Join(", ", binding.Clusters);
        return binding.Constraint switch
        {
            PlacementBinding.Cpu or PlacementBinding.Memory => Capacity(binding, chosen),
            PlacementBinding.Pinned => $"pinned to {clusters}",
            PlacementBinding.Forbidden => $"kept off {clusters}",
            PlacementBinding.Acceleration => $"needs acceleration, which {clusters} lack{(binding.Clusters.Count == 1 ? "s" : "")}",
            PlacementBinding.NotReady => $"{clusters} not ready",
            _ => $"{binding.Constraint} binds on {clusters}",
        };
    }

    private static string Capacity(PlacementBinding binding, string chosen)
    {
        var resource = binding.Constraint == PlacementBinding.Cpu ? "CPU" : "memory";
        var cluster = binding.Clusters.Count > 0 ? binding.Clusters[0] : "?";
        var (used, limit) = (binding.Used ?? 0, binding.Limit ?? 0);
        return cluster == chosen || used <= limit
            ? $"{resource} at {Percent(used, limit)} % of {cluster}'s limit"
            : $"no {resource} room on {cluster} ({Number(used)} of {Number(limit)})";
    }

    private static string Scaling(ServiceScalingExplanation scaling)
    {
        var load = scaling.PredictedRate is { } predicted && predicted > scaling.Rate
            ? $"{Number(scaling.Rate)} req/s (forecast {Number(predicted)})"
            : $"{Number(scaling.Rate)} req/s";
        var needs = scaling.NeededReplicas is { } needed ? $"the load needs {needed}" : "no count carries the load";
        var bound = scaling.Binding switch
        {
            ServiceScalingExplanation.MinBinding => $"held at minReplicas {scaling.MinReplicas}, ",
            ServiceScalingExplanation.HeadroomBinding => $"kept at {scaling.ScaleDownFloor} for scale-down headroom, ",
            ServiceScalingExplanation.MaxBinding => $"capped at maxReplicas {scaling.MaxReplicas}, ",
            ServiceScalingExplanation.CpuBinding => "capped by the cluster's CPU, ",
            _ => "",
        };
        return $"{scaling.Replicas} replica{(scaling.Replicas == 1 ? "" : "s")} for {load}: {bound}{needs}";
    }

    private static string Percent(double used, double limit) =>
        limit > 0 ? Math.Round(100 * used / limit).ToString(CultureInfo.InvariantCulture) : "100";

    private static string Number(double value) => CpSat.Format(value);
}
