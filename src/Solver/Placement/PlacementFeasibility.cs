using Smo.Solver.Model;

namespace Smo.Solver.Placement;

/// <summary>
/// Necessary conditions every placement must meet, checked up front so an infeasible problem gets a reason that
/// names the binding resource. (The original compared against the smallest cluster; these use the largest
/// eligible one.)
/// </summary>
public static class PlacementFeasibility
{
    /// <summary>Returns why no placement can exist, or null when these checks find nothing.</summary>
    public static string? Obstacle(PlacementProblem problem)
    {
        var available = problem.Clusters.Where(c => c.Available).ToList();
        if (available.Count == 0)
        {
            return "No cluster is available.";
        }

        foreach (var service in problem.Services)
        {
            var eligible = EligibleClusters(service, available).ToList();
            if (eligible.Count == 0)
            {
                return service.NeedsAcceleration && !available.Any(c => c.HasAcceleration)
                    ? $"{service.Name} needs acceleration; no available cluster offers it."
                    : $"{service.Name} has no available cluster it is allowed on (pins, forbidden clusters, acceleration).";
            }

            var largestCpu = eligible.Max(c => c.Cpu);
            if (CpSat.Exceeds(service.TotalCpu, largestCpu))
            {
                return $"{service.Name} needs {Format(service.TotalCpu)} CPU; the largest cluster it may use offers {Format(largestCpu)}.";
            }

            var largestMemory = eligible.Max(c => c.MemoryGiB);
            if (CpSat.Exceeds(service.TotalMemoryGiB, largestMemory))
            {
                return $"{service.Name} needs {Format(service.TotalMemoryGiB)} GiB of memory; the largest cluster it may use offers {Format(largestMemory)} GiB.";
            }
        }

        var cpuNeeded = problem.Services.Sum(s => s.TotalCpu);
        var cpuOffered = available.Sum(c => c.Cpu);
        if (CpSat.Exceeds(cpuNeeded, cpuOffered))
        {
            return $"The services need {Format(cpuNeeded)} CPU in total; the available clusters offer {Format(cpuOffered)}.";
        }

        var memoryNeeded = problem.Services.Sum(s => s.TotalMemoryGiB);
        var memoryOffered = available.Sum(c => c.MemoryGiB);
        return CpSat.Exceeds(memoryNeeded, memoryOffered)
            ? $"The services need {Format(memoryNeeded)} GiB of memory in total; the available clusters offer {Format(memoryOffered)} GiB."
            : null;
    }

    /// <summary>Clusters a service may run on, ignoring capacity: available, allowed, and accelerated if needed.</summary>
    public static IEnumerable<Cluster> EligibleClusters(Service service, IEnumerable<Cluster> clusters) =>
        clusters.Where(c => IsEligible(service, c));

    /// <summary>Whether the service may run on the cluster, capacity aside.</summary>
    public static bool IsEligible(Service service, Cluster cluster) =>
        cluster.Available
        && (service.PinnedCluster is null || cluster.Name == service.PinnedCluster)
        && !service.ForbiddenClusters.Contains(cluster.Name)
        && (!service.NeedsAcceleration || cluster.HasAcceleration);

    private static string Format(double value) => CpSat.Format(value);
}
