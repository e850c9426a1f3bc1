using System.Globalization;
using Google.OrTools.Sat;
using Smo.Solver.Model;
using Smo.Solver.Placement;

namespace Smo.Solver;

/// <summary>Runs a CP-SAT model under the solve options and reads its outcome the same way for every model.</summary>
internal static class CpSat
{
    /// <summary>Solves with the time limit, worker count and seed of <paramref name="options"/>.</summary>
    public static (CpSolver Solver, CpSolverStatus Status) Solve(CpModel model, SolverOptions options, string extraParameters = "")
    {
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{options.TimeLimit.TotalSeconds} num_workers:{options.Workers} random_seed:{options.Seed} {extraParameters}"),
        };
        return (solver, solver.Solve(model));
    }

    /// <summary>CP-SAT's status in the solver's terms.</summary>
    public static SolveStatus ToSolveStatus(CpSolverStatus status) => status switch
    {
        CpSolverStatus.Optimal => SolveStatus.Optimal,
        CpSolverStatus.Feasible => SolveStatus.Feasible,
        CpSolverStatus.Infeasible => SolveStatus.Infeasible,
        _ => SolveStatus.TimedOut,
    };

    // Decimal amounts carry binary noise (1.346 × 3 = 4.038000000000001): scaled amounts within this of an integer are that integer.
    private const double ScalingNoise = 1e-6;

    /// <summary>A demand in integer units, rounded up unless it is an integer but for floating-point noise.</summary>
    public static long Demand(double amount, double scale) => (long)Math.Ceiling(amount * scale - ScalingNoise);

    /// <summary>A capacity in integer units, rounded down unless it is an integer but for floating-point noise.</summary>
    public static long Capacity(double amount, double scale) => (long)Math.Floor(amount * scale + ScalingNoise);

    /// <summary>Whether a demand exceeds a capacity at the resolution the models use (milli-units).</summary>
    public static bool Exceeds(double demand, double capacity) =>
        Demand(demand, PlacementIndex.ResourceScale) > Capacity(capacity, PlacementIndex.ResourceScale);

    /// <summary>Amounts in reasons: at most two decimals, invariant culture.</summary>
    public static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
