using System.Text.Json;

namespace Smo.Store.Graphs;

/// <summary>A graph and its services as a deploy first stores them, all at once or not at all.</summary>
/// <param name="Name">The descriptor's <c>hdaGraph.id</c>.</param>
/// <param name="Project">The project from the URL, also the Kubernetes namespace Helm installs into.</param>
/// <param name="Descriptor">The <c>hdaGraph</c> mapping as received (after parsing YAML or JSON).</param>
/// <param name="Services">In descriptor order; lists of services come back in this order.</param>
public sealed record NewGraph(string Name, string Project, JsonElement Descriptor, GraphStrategies Strategies, IReadOnlyList<NewService> Services)
{
    public GraphStatus Status { get; init; } = GraphStatus.Deploying;

    /// <summary>Service → cluster; empty with static placement, where the charts carry their own affinity.</summary>
    public IReadOnlyDictionary<string, string> Placement { get; init; } = new Dictionary<string, string>();

    public string? OrchestrationInstanceId { get; init; }

    public string? GrafanaUrl { get; init; }

    internal void Validate(string parameter)
    {
        Require.Label(Name, "The graph name", parameter);
        Require.Label(Project, $"Graph '{Name}': the project", parameter);
        if (Descriptor.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"Graph '{Name}': the descriptor must be a JSON object, not {Descriptor.ValueKind}.", parameter);
        }

        if (Strategies is null)
        {
            throw new ArgumentException($"Graph '{Name}': the strategies are required.", parameter);
        }

        Strategies.Validate(parameter);
        Require.Defined(Status, $"Graph '{Name}': status", parameter);
        if (Status == GraphStatus.Failed)
        {
            throw new ArgumentException($"Graph '{Name}': a graph cannot be created Failed; it fails with a reason through UpdateStatusAsync.", parameter);
        }

        if (Services is null || Services.Count == 0)
        {
            throw new ArgumentException($"Graph '{Name}' has no services; a graph needs at least one.", parameter);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in Services)
        {
            ArgumentNullException.ThrowIfNull(service, parameter);
            service.Validate(Name, parameter);
            if (!names.Add(service.Name))
            {
                throw new ArgumentException($"Graph '{Name}' has service '{service.Name}' more than once.", parameter);
            }
        }

        PlacementRules.Validate(Name, Placement, names, parameter);
    }
}
