using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Smo.Solver.Instances;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver.Tests;

/// <summary>
/// Property tests on small random instances: both exact paths (enumeration and the CP-SAT relax-and-expand
/// search) reach the brute-force optimum, and every placement meets every constraint.
/// </summary>
public sealed class PlacementProperties
{
    // The models round objective coefficients to millionths; a handful of terms cannot drift further than this.
    private const double ObjectiveTolerance = 1e-4;

    private static readonly SolverOptions Options = new(TimeSpan.FromSeconds(10), Workers: 1, Seed: 1);

    // The CP-SAT path even on tiny instances, where the strategy would otherwise enumerate.
    private static readonly MilpPlacement CpSatOnly = new() { ExhaustiveLimit = 0 };
    private static readonly MilpPlacement EnergyAwareCpSatOnly = new(energyAware: true) { ExhaustiveLimit = 0 };

    public static Arbitrary<SmallInstance> Instances() => (
            from seed in Gen.Choose(0, int.MaxValue - 1)
            from services in Gen.Choose(1, 6)
            from clusters in Gen.Choose(1, 4)
            from variation in Gen.Elements(Variation.None, Variation.Energy, Variation.Constraints, Variation.Fresh, Variation.Tight)
            select new SmallInstance(seed, services, clusters, variation))
        .ToArbitrary();

    [Property(Arbitrary = [typeof(PlacementProperties)], MaxTest = 150)]
    public bool Smo_milp_reaches_the_brute_force_optimum(SmallInstance instance) =>
        MatchesBruteForce(CpSatOnly, instance.Problem()) && MatchesBruteForce(new MilpPlacement(), instance.Problem());

    [Property(Arbitrary = [typeof(PlacementProperties)], MaxTest = 60)]
    public bool Energy_aware_reaches_the_brute_force_optimum(SmallInstance instance) =>
        MatchesBruteForce(EnergyAwareCpSatOnly, WithCarbonWeight(instance.Problem()));

    [Property(Arbitrary = [typeof(PlacementProperties)], MaxTest = 100)]
    public bool First_fit_placements_meet_every_constraint(SmallInstance instance)
    {
        var problem = instance.Problem();
        var result = new FirstFitPlacement().Place(problem, Options);
        return result.HasPlacement ? Invariants.Hold(problem, result) : !double.IsFinite(BruteForce.Optimum(problem)) || result.Status == SolveStatus.Infeasible;
    }

    private static bool MatchesBruteForce(IPlacementStrategy strategy, PlacementProblem problem)
    {
        var optimum = BruteForce.Optimum(problem);
        var result = strategy.Place(problem, Options);
        if (!double.IsFinite(optimum))
        {
            return result.Status == SolveStatus.Infeasible;
        }

        return result.Status == SolveStatus.Optimal
            && Invariants.Hold(problem, result)
            && Math.Abs(result.TotalObjective - optimum) < ObjectiveTolerance
            && result.LowerBound == result.TotalObjective && result.Gap == 0;
    }

    private static PlacementProblem WithCarbonWeight(PlacementProblem problem) =>
        problem with { Weights = problem.Weights with { Carbon = MilpPlacement.DefaultCarbonWeight } };

    public enum Variation
    {
        /// <summary>The benchmark's shape: current placement and two edges per service.</summary>
        None,

        /// <summary>Energy profiles that differ per cluster, weighted in the objective.</summary>
        Energy,

        /// <summary>Pins, forbidden clusters and an unavailable cluster.</summary>
        Constraints,

        /// <summary>A first deployment: no current placement.</summary>
        Fresh,

        /// <summary>Capacities cut to 70 %, so moves are forced and some instances are infeasible.</summary>
        Tight,
    }

    public sealed record SmallInstance(int Seed, int Services, int Clusters, Variation Variation)
    {
        public PlacementProblem Problem()
        {
            var problem = PlacementInstanceGenerator.Create(Seed, Services, Clusters);
            var random = new Random(Seed);
            return Variation switch
            {
                Variation.Energy => problem with
                {
                    Clusters = problem.Clusters.Select(c => c with
                    {
                        Energy = new EnergyProfile(1 + random.NextDouble(), 2, 5 + random.Next(10), random.Next(50, 600)),
                    }).ToList(),
                    Weights = problem.Weights with { Energy = 2, Carbon = 5 },
                },
                Variation.Constraints => problem with
                {
                    Services = problem.Services.Select((s, i) => (i % 3) switch
                    {
                        0 => s with { PinnedCluster = problem.Clusters[random.Next(Clusters)].Name },
                        1 => s with { ForbiddenClusters = [problem.Clusters[random.Next(Clusters)].Name] },
                        _ => s,
                    }).ToList(),
                    Clusters = problem.Clusters.Select((c, e) => e == Clusters - 1 && Clusters > 1 ? c with { Available = false } : c).ToList(),
                },
                Variation.Fresh => problem with { Services = problem.Services.Select(s => s with { CurrentCluster = null }).ToList() },
                Variation.Tight => problem with
                {
                    Clusters = problem.Clusters.Select(c => c with { Cpu = Math.Round(c.Cpu * 0.7, 3), MemoryGiB = Math.Round(c.MemoryGiB * 0.7, 3) }).ToList(),
                },
                _ => problem,
            };
        }

        public override string ToString() => $"seed {Seed}, {Services} services × {Clusters} clusters, {Variation}";
    }
}
