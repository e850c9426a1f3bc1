namespace Smo.Hdag.Parsing;

/// <summary>
/// Per-graph bounds on what costs the control plane and Prometheus in proportion to its count: edges (solver
/// variables and service imports), policies and trigger events (each a Prometheus alert rule). Far above any real
/// descriptor; a graph past them is refused whole, at <c>hdaGraph.services</c>.
/// </summary>
internal static class GraphLimits
{
    public static void Check(IReadOnlyList<BoundService> services, Field servicesField, HdagParserOptions options)
    {
        var edges = services.Sum(s => s.References.Count(r => r.Kind is ReferenceKind.ConnectionPoint or ReferenceKind.Dependency));
        var bound = services.Select(s => s.Service).OfType<HdaService>().ToList();
        var policies = bound.Sum(s => s.Policies.Count);
        var events = bound.Sum(s => s.Trigger.Event?.Events.Count ?? 0);
        Refuse(servicesField, edges, options.MaxEdges, "connection points and dependencies");
        Refuse(servicesField, policies, options.MaxPolicies, "policies");
        Refuse(servicesField, events, options.MaxEvents, "trigger events");
    }

    private static void Refuse(Field field, int count, int limit, string what)
    {
        if (count > limit)
        {
            field.Error($"{count} {what}", $"at most {limit} {what} per graph, all services together (this host's limit)");
        }
    }
}
