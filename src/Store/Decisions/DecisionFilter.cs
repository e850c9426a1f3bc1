namespace Smo.Store.Decisions;

/// <summary>Which decisions a history reads: of any of these kinds and triggers (empty: any).</summary>
public sealed record DecisionFilter(IReadOnlyCollection<DecisionKind> Kinds, IReadOnlyCollection<DecisionTrigger> Triggers)
{
    public static DecisionFilter All { get; } = new([], []);
}
