using Smo.Store.Events;

namespace Smo.Functions.Graphs;

/// <summary>The event that keeps a descriptor's warnings with the graph (a deploy's, or an update's version's), beside the answer that lists them all.</summary>
public static class DescriptorWarnings
{
    /// <summary>Warnings written into the event; the rest are counted.</summary>
    public const int MaxInEvent = 20;

    /// <param name="opening">What had the warnings, e.g. "The descriptor was accepted with"; the count and the warnings follow.</param>
    public static NewEvent Event(string graph, string opening, IReadOnlyList<string> warnings)
    {
        var more = warnings.Count > MaxInEvent ? $" (and {warnings.Count - MaxInEvent} more)" : "";
        return new NewEvent(graph, null, GraphDeployment.DescriptorWarningsEvent,
            $"{opening} {warnings.Count} warning(s){more}: {string.Join(" ", warnings.Take(MaxInEvent))}");
    }
}
