namespace Smo.Hdag.Parsing;

/// <summary>
/// Checks that need every service: unique ids, references to services that exist, and acyclic deployment
/// dependencies. <c>connectionPoints</c> may form cycles — services talk both ways and the original only turns
/// them into service imports — but <c>auto.dependencies</c> order deployments, and a cycle there never starts.
/// </summary>
internal static class GraphRules
{
    public static void Check(IReadOnlyList<BoundService> services, DiagnosticBag diagnostics)
    {
        var ids = UniqueIds(services);
        var connections = services.SelectMany(s => s.References)
            .Where(r => r.Kind == ReferenceKind.ConnectionPoint)
            .Select(r => (r.From, r.Target))
            .ToHashSet();
        foreach (var reference in services.SelectMany(s => s.References))
        {
            CheckReference(reference, ids, connections);
        }

        CheckDependencyCycles(services.SelectMany(s => s.References).Where(r => r.Kind == ReferenceKind.Dependency && ids.Contains(r.Target)).ToList());
    }

    private static HashSet<string> UniqueIds(IReadOnlyList<BoundService> services)
    {
        var first = new Dictionary<string, Field>(StringComparer.Ordinal);
        foreach (var service in services.Where(s => s.Id is not null))
        {
            if (!first.TryAdd(service.Id!, service.IdField))
            {
                service.IdField.Error($"'{service.Id}' again (first at {first[service.Id!].Location})", "unique service ids");
            }
        }

        return [.. first.Keys];
    }

    private static void CheckReference(ServiceReference reference, HashSet<string> ids, HashSet<(string From, string Target)> connections)
    {
        if (!ids.Contains(reference.Target) && reference.Kind == ReferenceKind.ConnectionPoint)
        {
            // The H3NI monorepo ignores such names (real NEPHELE descriptors carry typos of their services' ids): so does
            // Smo, saying so, rather than refusing a graph the peers deploy.
            reference.Field.Warning($"'{reference.Target}', which is not a service of this graph (ignored: no edge, no service import)",
                $"one of the graph's service ids: {string.Join(", ", ids.Order(StringComparer.Ordinal))}", "the H3NI monorepo ignored such names too");
        }
        else if (!ids.Contains(reference.Target))
        {
            reference.Field.Error($"'{reference.Target}', which is not a service of this graph", $"one of the graph's service ids: {string.Join(", ", ids.Order(StringComparer.Ordinal))}");
        }
        else if (reference.Kind == ReferenceKind.ConnectionPoint && reference.Target == reference.From)
        {
            reference.Field.Warning("the service itself", "another service (connecting to itself adds no edge)");
        }
        else if (reference.Kind == ReferenceKind.Link && !connections.Contains((reference.From, reference.Target)))
        {
            reference.Field.Warning($"link settings for '{reference.Target}', which is not in this service's connectionPoints", "a service listed in connectionPoints (the settings apply to no edge)");
        }
    }

    private static void CheckDependencyCycles(IReadOnlyList<ServiceReference> dependencies)
    {
        var onCycles = WithoutAcyclicPart(dependencies);
        if (onCycles.Count == 0)
        {
            return;
        }

        // Every service left depends, directly or not, on a cycle; walk its dependencies until a service repeats.
        var next = onCycles.GroupBy(r => r.From).ToDictionary(g => g.Key, g => g.First());
        var position = new Dictionary<string, int>();
        var path = new List<ServiceReference>();
        var current = onCycles[0].From;
        while (position.TryAdd(current, path.Count))
        {
            path.Add(next[current]);
            current = next[current].Target;
        }

        var cycle = path[position[current]..];
        var names = string.Join(" → ", cycle.Select(step => step.From).Append(current));
        cycle[^1].Field.Error($"a dependency cycle {names}", "deployment dependencies without cycles (only connectionPoints may be cyclic)");
    }

    /// <summary>Kahn's algorithm: drop services whose dependencies are all dropped; the references left are on or behind a cycle.</summary>
    private static List<ServiceReference> WithoutAcyclicPart(IReadOnlyList<ServiceReference> dependencies)
    {
        var pending = dependencies.GroupBy(r => r.From).ToDictionary(g => g.Key, g => g.Select(r => r.Target).ToHashSet().Count);
        var dependants = dependencies.DistinctBy(r => (r.From, r.Target)).ToLookup(r => r.Target, r => r.From);
        var free = new Queue<string>(dependencies.Select(r => r.Target).Where(t => !pending.ContainsKey(t)).Distinct());
        while (free.TryDequeue(out var service))
        {
            foreach (var dependant in dependants[service])
            {
                if (--pending[dependant] == 0)
                {
                    free.Enqueue(dependant);
                }
            }
        }

        return [.. dependencies.Where(r => pending.GetValueOrDefault(r.From) > 0 && pending.GetValueOrDefault(r.Target) > 0)];
    }
}
