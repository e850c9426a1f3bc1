using Smo.Solver.Model;

namespace Smo.Solver.Instances;

/// <summary>
/// Seeded random scaling problems for the benchmark (documented in the README): CPU per replica as in placement
/// instances, α 5–50 req/s per replica, β 0–10, rates that need 1–15 replicas, 1–5 replicas now, at most 20, and
/// 60 % CPU headroom over what the rates need.
/// </summary>
public static class ScalingInstanceGenerator
{
    private static readonly double[] CpuSizes = [0.5, 1, 4, 8];
    private const double Headroom = 1.6;
    private const int MaxReplicas = 20;

    public static ScalingProblem Create(int seed, int services)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(services, 1);
        var random = new Random(seed);
        var list = Enumerable.Range(0, services).Select(i =>
        {
            var alpha = 5 + 45 * random.NextDouble();
            var beta = 10 * random.NextDouble();
            var needed = random.Next(1, 16);
            return new ScaledService($"svc-{i}", CpuSizes[random.Next(CpuSizes.Length)], Math.Round(alpha * needed + beta - alpha * random.NextDouble(), 3),
                random.Next(1, 6), Math.Round(alpha, 3), Math.Round(beta, 3))
            {
                MaxReplicas = MaxReplicas,
            };
        }).ToList();
        var cpuNeeded = list.Sum(s => s.CpuPerReplica * Math.Max(1, Math.Ceiling((s.RequestRate - s.Beta) / s.Alpha)));
        return new ScalingProblem(list, Math.Round(cpuNeeded * Headroom, 3));
    }
}
