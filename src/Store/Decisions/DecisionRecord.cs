using System.Text.Json;

namespace Smo.Store.Decisions;

/// <summary>A recorded decision; ids grow with time, so they order decisions recorded in the same instant.</summary>
public sealed record DecisionRecord(
    long Id,
    string Graph,
    DecisionKind Kind,
    string Strategy,
    DecisionTrigger Trigger,
    JsonElement Inputs,
    JsonElement Result,
    IReadOnlyDictionary<string, double> Objective,
    DecisionStatus Status,
    string Reason,
    TimeSpan Duration,
    DateTimeOffset CreatedAt);
