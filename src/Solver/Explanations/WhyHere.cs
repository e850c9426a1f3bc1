using System.Globalization;
using Smo.Solver.Placement;

namespace Smo.Solver.Explanations;

/// <summary>
/// One line a human reads for a service: where it runs and why, the next best cluster, the constraints that bind,
/// and its replicas — e.g. "m2: lowest cost (deployment 0.12, energy 0.03); next best m1 +0.08 (communication +0.08);
/// CPU at 93 % of m2's limit; 3 replicas for 42 req/s: the load needs 3".
/// </summary>
public static class WhyHere
{
    public const string Unexplained = "No recorded decision explains this service yet.";

    private const string Nothing = "0";

    private static readonly string[] ObjectiveOrder =
        [PlacementObjective.Deployment, PlacementObjective.Reoptimisation, PlacementObjective.Communication, PlacementObjective.Energy, PlacementObjective.Carbon];

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
        var terms = Terms(placement.CostByTerm.Select(t => (t.Key, t.Value)), signed: false);
        return placement.Alternative switch
        {
            null => $"{placement.Cluster}: the only cluster it may use and fits on ({terms})",
            { Delta: >= 0 } next => $"{placement.Cluster}: lowest cost ({terms}); next best {next.Cluster} +{Number(next.Delta)}{Differences(placement, next)}",
            { } cheaper => $"{placement.Cluster}: cost {Number(placement.Cost)} ({terms}); {cheaper.Cluster} would cost {Number(-cheaper.Delta)} less{Differences(placement, cheaper)}",
        };
    }

    /// <summary>How the alternative's terms differ from the chosen cluster's, e.g. " (deployment +1, carbon -0.2)".</summary>
    private static string Differences(ServicePlacementExplanation placement, PlacementAlternative alternative)
    {
        var differences = Terms(placement.CostByTerm.Keys.Union(alternative.CostByTerm.Keys)
            .Select(term => (term, alternative.CostByTerm.GetValueOrDefault(term) - placement.CostByTerm.GetValueOrDefault(term))), signed: true);
        return differences == Nothing ? "" : $" ({differences})";
    }

    /// <summary>
    /// The terms that are not 0 at the precision shown, in the objective's order (a stored explanation comes back
    /// from jsonb with its keys reordered); <see cref="Nothing"/> when none is.
    /// </summary>
    private static string Terms(IEnumerable<(string Term, double Value)> terms, bool signed)
    {
        var shown = terms.Where(t => Number(Math.Abs(t.Value)) != "0")
            .OrderBy(t => Array.IndexOf(ObjectiveOrder, t.Term) is var at and >= 0 ? at : ObjectiveOrder.Length)
            .ThenBy(t => t.Term, StringComparer.Ordinal)
            .Select(t => $"{t.Term} {(signed && t.Value > 0 ? "+" : "")}{Number(t.Value)}")
            .ToList();
        return shown.Count > 0 ? string.Join(", ", shown) : Nothing;
    }

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
            ? scaling.ForecastDecided
                ? $"{Number(scaling.Rate)} req/s now and {Number(predicted)} req/s forecast{By(scaling)}, which set the count"
                : $"{Number(scaling.Rate)} req/s (forecast {Number(predicted)}{By(scaling)})"
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

    private static string By(ServiceScalingExplanation scaling) => scaling.ForecastMethod is { } method ? $" by {method}" : "";

    private static string Percent(double used, double limit) =>
        limit > 0 ? Math.Round(100 * used / limit).ToString(CultureInfo.InvariantCulture) : "100";

    private static string Number(double value) => CpSat.Format(value);
}
