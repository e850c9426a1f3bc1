using Smo.Solver.Model;

namespace Smo.Solver.Instances;

/// <summary>
/// Seeded random placement problems, the benchmark's and the property tests' source (documented in the README):
/// CPU per replica from {0.5, 1, 4, 8} with probabilities .3/.4/.2/.1, memory 1–2× CPU, 1–3 replicas, 10 % of
/// services needing acceleration, 40 % of clusters offering it, capacities split at random with 60 % headroom
/// over the total demand, the current placement uniform over the clusters a service may use, and two random
/// communication edges per service. Each cluster has an energy profile (PUE 1.1–1.6, 2–5 W per idle core, 8–15 W
/// per busy core, 50–600 gCO2/kWh) that only energy-aware weights look at. The same seed gives the same problem.
/// </summary>
public static class PlacementInstanceGenerator
{
    private static readonly double[] CpuSizes = [0.5, 1, 4, 8];
    private static readonly double[] CpuProbabilities = [0.3, 0.4, 0.2, 0.1];
    private const double Headroom = 1.6;
    private const double AccelerationShareOfServices = 0.1;
    private const double AccelerationShareOfClusters = 0.4;
    private const int EdgesPerService = 2;

    // Each cluster's share of the total capacity is drawn from [0.5, 1.5) before normalising.
    private const double SmallestShare = 0.5;

    public static PlacementProblem Create(int seed, int services, int clusters, bool withCurrentPlacement = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(services, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(clusters, 1);
        var random = new Random(seed);
        var serviceList = Enumerable.Range(0, services).Select(s =>
        {
            var cpu = PickCpu(random);
            return new Service($"svc-{s}", cpu, Math.Round(cpu * (1 + random.NextDouble()), 3), random.Next(1, 4))
            {
                NeedsAcceleration = random.NextDouble() < AccelerationShareOfServices,
            };
        }).ToList();

        var clusterList = CreateClusters(random, serviceList, clusters);
        if (withCurrentPlacement)
        {
            serviceList = serviceList.Select(s =>
            {
                var eligible = clusterList.Where(c => c.HasAcceleration || !s.NeedsAcceleration).ToList();
                return s with { CurrentCluster = eligible[random.Next(eligible.Count)].Name };
            }).ToList();
        }

        var edges = new List<CommunicationEdge>();
        if (services > 1)
        {
            for (var s = 0; s < services; s++)
            {
                for (var k = 0; k < EdgesPerService; k++)
                {
                    var other = random.Next(services - 1);
                    edges.Add(new CommunicationEdge(serviceList[s].Name, serviceList[other >= s ? other + 1 : other].Name));
                }
            }
        }

        return new PlacementProblem(serviceList, clusterList) { Edges = edges };
    }

    private static List<Cluster> CreateClusters(Random random, List<Service> services, int count)
    {
        var shares = Enumerable.Range(0, count).Select(_ => SmallestShare + random.NextDouble()).ToList();
        var accelerated = Enumerable.Range(0, count).Select(_ => random.NextDouble() < AccelerationShareOfClusters).ToList();
        // At least one cluster offers acceleration, so services that need it have somewhere to go.
        accelerated[0] = true;
        var totalShare = shares.Sum();
        var cpu = services.Sum(s => s.TotalCpu) * Headroom;
        var memory = services.Sum(s => s.TotalMemoryGiB) * Headroom;
        // No cluster smaller than the largest service: otherwise small instances would often be infeasible.
        var largestCpu = services.Max(s => s.TotalCpu);
        var largestMemory = services.Max(s => s.TotalMemoryGiB);
        return Enumerable.Range(0, count).Select(e => new Cluster(
            $"cluster-{e}",
            Math.Round(Math.Max(cpu * shares[e] / totalShare, largestCpu), 3),
            Math.Round(Math.Max(memory * shares[e] / totalShare, largestMemory), 3),
            HasAcceleration: accelerated[e])
        {
            Energy = new EnergyProfile(
                Pue: Math.Round(1.1 + 0.5 * random.NextDouble(), 2),
                IdleWattsPerCore: random.Next(2, 6),
                MaxWattsPerCore: random.Next(8, 16),
                CarbonGramsPerKWh: random.Next(50, 601)),
        }).ToList();
    }

    private static double PickCpu(Random random)
    {
        var roll = random.NextDouble();
        for (var i = 0; i < CpuSizes.Length; i++)
        {
            roll -= CpuProbabilities[i];
            if (roll <= 0)
            {
                return CpuSizes[i];
            }
        }

        return CpuSizes[^1];
    }
}
