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

    /// <summary>
    /// Why a complete assignment is not a placement of the problem — a service left out, on a cluster it may not use,
    /// or a cluster over its CPU or memory — or null when it is one.
    /// </summary>
    public static string? AssignmentObstacle(PlacementProblem problem, IReadOnlyDictionary<string, string> assignment)
    {
        var clusters = problem.Clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var service in problem.Services)
        {
            if (!assignment.TryGetValue(service.Name, out var name) || !clusters.TryGetValue(name, out var cluster) || !IsEligible(service, cluster))
            {
                return name is null ? $"{service.Name} is not placed." : $"{service.Name} may not run on {name}.";
            }
        }

        foreach (var cluster in problem.Clusters)
        {
            var hosted = problem.Services.Where(s => assignment[s.Name] == cluster.Name).ToList();
            var cpu = hosted.Sum(s => s.TotalCpu);
            if (CpSat.Exceeds(cpu, cluster.Cpu))
            {
                return $"{cluster.Name} would need {Format(cpu)} CPU; it offers {Format(cluster.Cpu)}.";
            }

            var memory = hosted.Sum(s => s.TotalMemoryGiB);
            if (CpSat.Exceeds(memory, cluster.MemoryGiB))
            {
                return $"{cluster.Name} would need {Format(memory)} GiB of memory; it offers {Format(cluster.MemoryGiB)} GiB.";
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a placed, undivided service may stay on the cluster it runs on: that cluster is available, the service
    /// may run there (pins, forbidden clusters — an operational policy —, acceleration) and the cluster alone can hold
    /// it. A service that cannot must move, whatever keeps the others where they are (dwell, hysteresis, an update).
    /// </summary>
    public static bool CanStay(Service service, IEnumerable<Cluster> clusters) =>
        service.CurrentCluster is { } current && service.CurrentDivision.Count == 0
        && clusters.FirstOrDefault(c => c.Name == current) is { } cluster && IsEligible(service, cluster)
        && !CpSat.Exceeds(service.TotalCpu, cluster.Cpu) && !CpSat.Exceeds(service.TotalMemoryGiB, cluster.MemoryGiB);

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
