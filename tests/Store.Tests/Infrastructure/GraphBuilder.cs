using System.Text.Json;
using Smo.Store.Graphs;

namespace Smo.Store.Tests.Infrastructure;

/// <summary>Builds a valid <see cref="NewGraph"/> with defaults a test overrides only where it matters.</summary>
public sealed class GraphBuilder
{
    private readonly List<NewService> _services = [];
    private readonly Dictionary<string, string> _placement = [];
    private string _project = "demo";
    private GraphStatus _status = GraphStatus.Deploying;
    private GraphStrategies _strategies = new("smo-milp", "smo-milp", new Dictionary<string, double> { ["cost"] = 1 }, TimeSpan.FromSeconds(30));

    private GraphBuilder(string name) => Name = name;

    public string Name { get; }

    public static GraphBuilder Graph(string name = "brussels-demo") => new(name);

    public static NewService Service(string name, ServiceStatus status = ServiceStatus.Pending) =>
        new(name, status, Conditional: false, new ServiceArtifact($"oci://registry.local/charts/{name}:1.0.0", "helm", "WOT"), new ServiceResources(1, 1, 10));

    public GraphBuilder InProject(string project)
    {
        _project = project;
        return this;
    }

    public GraphBuilder WithStatus(GraphStatus status)
    {
        _status = status;
        return this;
    }

    public GraphBuilder WithStrategies(GraphStrategies strategies)
    {
        _strategies = strategies;
        return this;
    }

    public GraphBuilder WithServices(params string[] names)
    {
        _services.AddRange(names.Select(name => Service(name)));
        return this;
    }

    public GraphBuilder With(NewService service)
    {
        _services.Add(service);
        return this;
    }

    public GraphBuilder Placing(string service, string cluster)
    {
        _placement[service] = cluster;
        return this;
    }

    public NewGraph Build() => new(Name, _project, Descriptor(Name, _services), _strategies, _services.Count == 0 ? [Service("noise-reduction")] : [.. _services])
    {
        Status = _status,
        Placement = new Dictionary<string, string>(_placement),
        OrchestrationInstanceId = $"graph:{Name}",
    };

    private static JsonElement Descriptor(string name, IEnumerable<NewService> services) => JsonSerializer.SerializeToElement(new
    {
        id = name,
        version = "1.0.0",
        hdaGraphIntent = new { useStaticPlacement = false },
        services = services.Select(s => new { id = s.Name }).ToArray(),
    });
}
