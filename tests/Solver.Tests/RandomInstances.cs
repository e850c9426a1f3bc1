using Smo.Solver.Model;

namespace Smo.Solver.Tests;

/// <summary>Seeded random problems shaped like the benchmark's: mixed CPU sizes, some acceleration, ample headroom.</summary>
public static class RandomInstances
{
    private static readonly double[] CpuSizes = [0.5, 1, 4, 8];
    private static readonly double[] CpuWeights = [0.3, 0.4, 0.2, 0.1];
    private const double Headroom = 1.6;
    private const double LargestServiceCpu = 8 * 3;
    private const double LargestServiceMemory = 2 * 8 * 3;

    public static PlacementProblem Create(int seed, int services, int clusters)
    {
        var random = new Random(seed);
        var serviceList = Enumerable.Range(0, services).Select(s =>
        {
            var cpu = Pick(random);
            return new Service($"svc-{s}", cpu, cpu * (1 + random.NextDouble()), random.Next(1, 4)) { NeedsAcceleration = random.NextDouble() < 0.1 };
        }).ToList();
        var demand = serviceList.Sum(s => s.TotalCpu);
        var memory = serviceList.Sum(s => s.TotalMemoryGiB);
        var clusterList = Enumerable.Range(0, clusters).Select(e => new Cluster(
            $"cluster-{e}",
            Math.Max(demand * Headroom / clusters, LargestServiceCpu) * (0.8 + 0.4 * random.NextDouble()) / 0.8,
            Math.Max(memory * Headroom / clusters, LargestServiceMemory) * (0.8 + 0.4 * random.NextDouble()) / 0.8,
            HasAcceleration: e == 0 || random.NextDouble() < 0.4)).ToList();
        return new PlacementProblem(serviceList, clusterList);
    }

    private static double Pick(Random random)
    {
        var roll = random.NextDouble();
        for (var i = 0; i < CpuSizes.Length; i++)
        {
            roll -= CpuWeights[i];
            if (roll <= 0)
            {
                return CpuSizes[i];
            }
        }

        return CpuSizes[^1];
    }
}
