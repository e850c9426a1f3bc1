using System.Text.Json;

namespace Smo.Store.Decisions;

/// <summary>One placement or scaling decision to record, with what it saw, what it chose, and why.</summary>
/// <param name="Inputs">The problem as the strategy received it (clusters, services, rates).</param>
/// <param name="Result">What it chose (placement map or replicas), or null-like JSON when nothing was chosen.</param>
/// <param name="Objective">Objective term → value, e.g. <c>cost</c>, <c>energy</c>, <c>moves</c>.</param>
/// <param name="Reason">One line a human can read: why this outcome.</param>
/// <param name="Duration">How long the decision took, from inputs read to result.</param>
public sealed record NewDecision(
    string Graph,
    DecisionKind Kind,
    string Strategy,
    DecisionTrigger Trigger,
    JsonElement Inputs,
    JsonElement Result,
    IReadOnlyDictionary<string, double> Objective,
    DecisionStatus Status,
    string Reason,
    TimeSpan Duration)
{
    internal void Validate(string parameter)
    {
        Require.Label(Graph, "The decision's graph", parameter);
        var where = $"Decision for graph '{Graph}'";
        Require.Defined(Kind, $"{where}: kind", parameter);
        Require.Text(Strategy, $"{where}: the strategy", parameter);
        Require.Defined(Trigger, $"{where}: trigger", parameter);
        Require.Defined(Status, $"{where}: status", parameter);
        Require.Text(Reason, $"{where}: the reason", parameter);
        Require.NonNegative(Duration.TotalMilliseconds, $"{where}: duration (ms)", parameter);
        if (Inputs.ValueKind == JsonValueKind.Undefined || Result.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException($"{where}: inputs and result are required JSON values (use JSON null for none).", parameter);
        }

        if (Objective is null)
        {
            throw new ArgumentException($"{where}: the objective is required (an empty map when nothing was optimised).", parameter);
        }

        foreach (var (term, value) in Objective)
        {
            Require.Text(term, $"{where}: an objective term", parameter);
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"{where}: objective term '{term}' is {value}; it must be a finite number.", parameter);
            }
        }
    }
}
