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
