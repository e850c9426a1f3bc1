namespace Smo.Store.Events;

/// <summary>Which events a history reads: of any of these kinds (empty: any), about this service (null: any or none).</summary>
public sealed record EventFilter(IReadOnlyCollection<string> Kinds, string? Service)
{
    public static EventFilter All { get; } = new([], null);
}
