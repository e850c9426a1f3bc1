using Smo.Hdag;
using Smo.Solver.Model;
using Smo.Store.Clusters;

namespace Smo.Functions.Placement;

/// <summary>
/// What an operational policy asks of a re-placement: its service leaves the cluster it runs on (both actions) for
/// a ready cluster of the policy's target kind, when the policy names one. Targets: <c>gpu</c>; <c>low-carbon</c>,
/// <c>low-cost</c> and <c>renewable</c> (better than the current cluster by its energy profile: carbon intensity,
/// price, renewable share); anything else is a cluster label, as <c>key=value</c> or as a value of any label.
/// The rest of the graph is placed afresh as usual, so neighbours may follow the service.
/// </summary>
public static class PolicyConstraints
{
    public const string Gpu = "gpu";
    public const string LowCarbon = "low-carbon";
    public const string LowCost = "low-cost";
    public const string Renewable = "renewable";

    /// <summary>The problem with the service kept off every cluster the policy rules out; or, when none is left, why.</summary>
    public static (PlacementProblem? Problem, string Reason) Apply(
        PlacementProblem problem, string service, OperationalPolicy policy, IReadOnlyList<ClusterRecord> clusters)
    {
        var placed = problem.Services.Single(s => s.Name == service);
        var current = clusters.FirstOrDefault(c => c.Name == placed.CurrentCluster);
        var allowed = clusters
            .Where(c => c.Available && c.Name != placed.CurrentCluster && (policy.Target is null || Matches(c, policy.Target, current)))
            .Select(c => c.Name)
            .ToHashSet(StringComparer.Ordinal);
        var what = $"Policy '{policy.Id}' ({policy.Action.ToString().ToLowerInvariant()}{(policy.Target is null ? "" : $" to {policy.Target}")}) of service '{service}'";
        if (allowed.Count == 0)
        {
            return (null, $"{what}: no ready cluster other than {placed.CurrentCluster ?? "its own"}{(policy.Target is null ? "" : $" matches '{policy.Target}'")}.");
        }

        var forbidden = problem.Clusters.Select(c => c.Name).Where(name => !allowed.Contains(name));
        var services = problem.Services
            .Select(s => s.Name == service ? s with { ForbiddenClusters = [.. s.ForbiddenClusters.Union(forbidden, StringComparer.Ordinal)] } : s)
            .ToList();
        return (problem with { Services = services }, $"{what}: may go to {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.");
    }

    /// <summary>Whether <paramref name="cluster"/> is of the <paramref name="target"/> kind, compared with the service's current cluster.</summary>
    public static bool Matches(ClusterRecord cluster, string target, ClusterRecord? current)
    {
        var energy = cluster.EnergyProfile;
        var now = current?.EnergyProfile;
        return target.ToLowerInvariant() switch
        {
            Gpu => cluster.Gpu,
            LowCarbon => energy is not null && (now is null || energy.CarbonGramsPerKWh < now.CarbonGramsPerKWh),
            LowCost => energy is not null && (now is null || energy.PricePerKWh < now.PricePerKWh),
            Renewable => energy is not null && (now is null || energy.RenewableShare > now.RenewableShare),
            _ => HasLabel(cluster, target),
        };
    }

    private static bool HasLabel(ClusterRecord cluster, string target)
    {
        var equals = target.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? cluster.Labels.TryGetValue(target[..equals], out var value) && value == target[(equals + 1)..]
            : cluster.Labels.Values.Contains(target, StringComparer.Ordinal);
    }
}
