using Smo.Solver.Model;
using Smo.Solver.Original;

namespace Smo.Solver.Tests.Original;

/// <summary>The original's positional calls, written as its tests wrote them (0/1 flags, placement matrices).</summary>
public static class V3Calls
{
    /// <summary>The arguments of <c>calculate_naive_placement(cap, A, c, a, r)</c> and <c>decide_placement(..., y)</c>.</summary>
    internal static OriginalPlacementInput Placement(double[] cap, int[] clusterAcceleration, double[] cpu, int[] acceleration, int[] replicas, int[][]? current = null) => new(
        [.. cap.Select((_, e) => $"c{e}")],
        cap,
        [.. clusterAcceleration.Select(flag => flag == 1)],
        cpu,
        [.. acceleration.Select(flag => flag == 1)],
        replicas,
        [.. cpu.Select((_, s) => CurrentCluster(current, s))]);

    private static int? CurrentCluster(int[][]? current, int service) =>
        current is not null && Array.IndexOf(current[service], 1) is var e and >= 0 ? e : null;

    /// <summary>The arguments of <c>decide_replicas(λ, p, c, a, α, β, C, A, R)</c>.</summary>
    internal static OriginalScalingInput Replicas(double[] rate, int[] previous, double[] cpu, bool[] acceleration, double[] alpha, double[] beta, double capacity, bool clusterAcceleration, int[] maximum) => new(
        [.. rate.Select((_, s) => $"s{s}")], rate, previous, cpu, acceleration, alpha, beta, capacity, clusterAcceleration, maximum);

    /// <summary>A placement as V3's n×m 0/1 matrix.</summary>
    public static int[][] Matrix(int[] clusterOf, int clusters) =>
        [.. clusterOf.Select(e => Enumerable.Range(0, clusters).Select(k => k == e ? 1 : 0).ToArray())];

    /// <summary>
    /// A placement problem in Smo's terms: services s0.. with CPU and replicas, clusters c0.. with CPU and no memory at
    /// all — V3 read none, so smo-original places them all the same.
    /// </summary>
    public static PlacementProblem Problem(double[] clusterCpu, params (double Cpu, int Replicas, string? Current)[] services) => new(
        [.. services.Select((s, i) => new Service($"s{i}", s.Cpu, MemoryGiBPerReplica: 1, s.Replicas) { CurrentCluster = s.Current })],
        [.. clusterCpu.Select((cpu, e) => new Cluster($"c{e}", cpu, MemoryGiB: 0))]);
}
