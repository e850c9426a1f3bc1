using System.Globalization;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Placement;
using Smo.Hdag;
using Smo.Hdag.Parsing;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

using StoreScaling = Smo.Store.Graphs.ScalingParameters;

namespace Smo.Functions.Graphs;

/// <summary>
/// Whether a descriptor can ever be placed on the federation's member clusters — judged at submit, so that a graph
/// that cannot run is refused with the path and the reason rather than accepted and then failed. "Cannot ever" means
/// with the clusters Karmada has as members, every one ready and empty (their allocatable CPU and memory): a
/// static-placement pin to a cluster that is not a member (or that cannot run or hold the service), high availability
/// or <c>scaling.spread</c> asking for more clusters than the members that can run the service, a GPU no member has,
/// one replica larger than every member, a minimum of replicas the members cannot hold even divided, or a graph
/// whose minimums exceed the whole federation. "Not now" is accepted: clusters not ready, CPU and memory other graphs
/// use — they change without the descriptor changing, and placement decides (and says why) when the graph is placed.
/// A federation with no members yet (an inventory not read, Karmada not configured) refuses nothing: there is nothing
/// to judge against.
/// </summary>
public static class Placeability
{
    /// <summary>Member clusters named in a reason; the rest are counted.</summary>
    private const int NamesInReason = 10;

    // Capacities are sums of doubles: a demand within this of a capacity fits it.
    private const double Tolerance = 1e-9;

    /// <summary>Every reason <paramref name="graph"/> cannot be placed on <paramref name="inventory"/>'s members, each at its path; empty when it can.</summary>
    public static IReadOnlyList<HdagDiagnostic> Problems(
        HdaGraph graph, IReadOnlyList<ClusterRecord> inventory, GraphTranslator translator, HighAvailabilityOptions availability)
    {
        var members = inventory.Where(c => c.RemovedAt is null).ToList();
        if (members.Count == 0)
        {
            return [];
        }

        var problems = new List<HdagDiagnostic>();
        var demands = graph.Services.Select(service => translator.Demand(graph, service)).ToList();
        for (var index = 0; index < graph.Services.Count; index++)
        {
            var service = graph.Services[index];
            var (resources, scaling) = demands[index];
            var at = $"hdaGraph.services[{index}]";
            var replicas = Math.Max(1, scaling.MinReplicas);
            if (PlacementValues.StaticPins(graph.Intent, service) is { Count: > 0 } pins)
            {
                // Every cluster of the pin must be able to run it: the service may be moved to any of them.
                var path = $"{at}.artifact.valuesOverwrite{(service.Artifact.PlacementValuesKey is { } nested ? $".{nested}" : "")}.{PlacementValues.ClustersAffinity}";
                problems.AddRange(pins.SelectMany(pin => PinProblems(path, pin, members, resources, replicas)));
                continue;
            }

            var capable = members.Where(c => c.Gpu || !resources.Gpu).ToList();
            if (capable.Count == 0)
            {
                problems.Add(new HdagDiagnostic($"{at}.deployment.intent.compute.gpu", null, "a GPU",
                    $"a federation with a GPU cluster: none of its {members.Count} clusters ({Names(members)}) has one"));
                continue;
            }

            var usable = capable.Where(c => Holds(c, resources, 1)).ToList();
            if (usable.Count == 0)
            {
                problems.Add(new HdagDiagnostic($"{at}.deployment.intent.compute", null, $"{Amount(resources.CpuCores)} CPU and {Amount(resources.MemoryGiB)} GiB per replica",
                    $"a replica one cluster can hold: the largest allocate {Amount(capable.Max(c => c.CpuAllocatable))} CPU and {Amount(capable.Max(c => c.MemoryAllocatableGiB))} GiB"));
            }
            else if (scaling.MinClusters > usable.Count)
            {
                problems.Add(new HdagDiagnostic(SpreadPath(graph, index, availability), null, $"{scaling.MinClusters} distinct clusters",
                    $"at most {usable.Count}: the federation has {usable.Count} cluster(s) that can run a replica of it ({Names(usable)})"));
            }
            else if (usable.Sum(c => Fits(c, resources)) is var fit && fit < replicas)
            {
                problems.Add(new HdagDiagnostic(MinimumPath(graph, index, scaling, availability), null,
                    $"at least {replicas} replicas of {Amount(resources.CpuCores)} CPU and {Amount(resources.MemoryGiB)} GiB",
                    $"at most {fit}: all the clusters that can run it hold that many together, even divided"));
            }
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        var cpu = demands.Sum(d => Math.Max(1, d.Scaling.MinReplicas) * d.Resources.CpuCores);
        var memory = demands.Sum(d => Math.Max(1, d.Scaling.MinReplicas) * d.Resources.MemoryGiB);
        if (cpu > members.Sum(c => c.CpuAllocatable) + Tolerance || memory > members.Sum(c => c.MemoryAllocatableGiB) + Tolerance)
        {
            problems.Add(new HdagDiagnostic("hdaGraph.services", null, $"services needing {Amount(cpu)} CPU and {Amount(memory)} GiB at their minimum replicas",
                $"at most what the federation's {members.Count} clusters allocate together: {Amount(members.Sum(c => c.CpuAllocatable))} CPU and {Amount(members.Sum(c => c.MemoryAllocatableGiB))} GiB"));
        }

        return problems;
    }

    /// <summary>A static-placement pin: to a member, that can run the service (GPU) and hold its minimum of replicas.</summary>
    private static IEnumerable<HdagDiagnostic> PinProblems(string path, string pin, List<ClusterRecord> members, ServiceResources resources, int replicas)
    {
        if (members.FirstOrDefault(c => c.Name == pin) is not { } cluster)
        {
            yield return new HdagDiagnostic(path, null, $"'{Bounded(pin)}', which is not a cluster of the federation", $"one of its clusters: {Names(members)}");
        }
        else if (resources.Gpu && !cluster.Gpu)
        {
            yield return new HdagDiagnostic(path, null, $"'{pin}', which has no GPU, for a service that needs one",
                $"a cluster with a GPU{(members.Any(c => c.Gpu) ? $": {Names(members.Where(c => c.Gpu))}" : "; the federation has none")}");
        }
        else if (!Holds(cluster, resources, replicas))
        {
            yield return new HdagDiagnostic(path, null,
                $"'{pin}', which allocates {Amount(cluster.CpuAllocatable)} CPU and {Amount(cluster.MemoryAllocatableGiB)} GiB",
                $"a cluster that holds {replicas} replica(s) of {Amount(resources.CpuCores)} CPU and {Amount(resources.MemoryGiB)} GiB");
        }
    }

    /// <summary>Where the clusters a service asks for come from: its own high availability, the graph's, or <c>scaling.spread</c>.</summary>
    private static string SpreadPath(HdaGraph graph, int index, HighAvailabilityOptions availability)
    {
        var service = graph.Services[index];
        var own = service.Intent.Availability;
        var highlyAvailable = availability.ClustersFor(graph.Intent, own) ?? 1;
        var at = $"hdaGraph.services[{index}]";
        if (highlyAvailable < (service.Scaling.MinClusters ?? 1))
        {
            return $"{at}.scaling.spread.minClusters";
        }

        return own.ReplicasAcrossClusters is not null ? $"{at}.deployment.intent.highAvailability.replicasAcrossClusters"
            : own.Enabled is true ? $"{at}.deployment.intent.highAvailability.enabled"
            : "hdaGraph.hdaGraphIntent.highAvailability.enabled";
    }

    /// <summary>Where a service's minimum of replicas comes from: <c>scaling.minReplicas</c>, or one per cluster of its spread.</summary>
    private static string MinimumPath(HdaGraph graph, int index, StoreScaling scaling, HighAvailabilityOptions availability) =>
        graph.Services[index].Scaling.MinReplicas == scaling.MinReplicas || scaling.MinReplicas > scaling.MinClusters
            ? $"hdaGraph.services[{index}].scaling.minReplicas"
            : SpreadPath(graph, index, availability);

    private static bool Holds(ClusterRecord cluster, ServiceResources resources, int replicas) =>
        replicas * resources.CpuCores <= cluster.CpuAllocatable + Tolerance && replicas * resources.MemoryGiB <= cluster.MemoryAllocatableGiB + Tolerance;

    /// <summary>Replicas of the service the cluster's allocatable CPU and memory hold.</summary>
    private static long Fits(ClusterRecord cluster, ServiceResources resources)
    {
        static double Per(double capacity, double demand) => demand > 0 ? Math.Floor((capacity + Tolerance) / demand) : double.MaxValue;
        return (long)Math.Min(Math.Min(Per(cluster.CpuAllocatable, resources.CpuCores), Per(cluster.MemoryAllocatableGiB, resources.MemoryGiB)), int.MaxValue);
    }

    private static string Names(IEnumerable<ClusterRecord> clusters)
    {
        var names = clusters.Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        return string.Join(", ", names.Take(NamesInReason)) + (names.Count > NamesInReason ? $" (and {names.Count - NamesInReason} more)" : "");
    }

    /// <summary>A name from the descriptor, echoed at most this long (a Kubernetes name's longest).</summary>
    internal static string Bounded(string text) => text.Length <= 253 ? text : $"{text[..253]}…";

    private static string Amount(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
