namespace Smo.Store.Graphs;

/// <summary>A placement names only the graph's services, each on a well-formed cluster name.</summary>
internal static class PlacementRules
{
    public static void Validate(string graph, IReadOnlyDictionary<string, string>? placement, IReadOnlySet<string>? services, string parameter)
    {
        if (placement is null)
        {
            throw new ArgumentException($"Graph '{graph}': the placement is required (an empty map with static placement).", parameter);
        }

        foreach (var (service, cluster) in placement)
        {
            Require.Label(service, $"Graph '{graph}': the placement's service", parameter);
            Require.Subdomain(cluster, $"Graph '{graph}': the cluster of service '{service}'", parameter);
            if (services is not null && !services.Contains(service))
            {
                throw new ArgumentException($"Graph '{graph}': the placement names service '{service}', which the graph does not have.", parameter);
            }
        }
    }
}

/// <summary>Checks divisions: service → cluster → replicas, each share at least 1 (a Karmada static weight).</summary>
internal static class DivisionRules
{
    public static void Validate(string graph, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> divisions, string parameter)
    {
        foreach (var (service, division) in divisions)
        {
            Require.Label(service, $"Graph '{graph}': the divided service", parameter);
            if (division is null)
            {
                continue;
            }

            foreach (var (cluster, replicas) in division)
            {
                Require.Subdomain(cluster, $"Graph '{graph}': a cluster of service '{service}'", parameter);
                if (replicas < 1)
                {
                    throw new ArgumentException($"Graph '{graph}': service '{service}' has {replicas} replicas on '{cluster}'; a share is at least 1.", parameter);
                }
            }
        }
    }
}
