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

    /// <summary>Amounts in reasons: at most two decimals, invariant culture.</summary>
    public static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
