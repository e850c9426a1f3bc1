using System.Text.Json;
using Smo.Solver.Model;
using Smo.Store.Decisions;

namespace Smo.Functions.Scaling;

/// <summary>How placement and scaling activities write a solver's inputs and outcome into the decision log.</summary>
internal static class DecisionRecording
{
    /// <summary>Inputs and results as the API shows them: camelCase, as in the rest of the graph status.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static DecisionStatus Status(SolveStatus status) => status switch
    {
        SolveStatus.Optimal => DecisionStatus.Optimal,
        SolveStatus.Feasible => DecisionStatus.Feasible,
        SolveStatus.Infeasible => DecisionStatus.Infeasible,
        SolveStatus.TimedOut => DecisionStatus.TimedOut,
        _ => DecisionStatus.InvalidInput,
    };
}
