using System.Text.Json;
using Smo.Hdag;
using Smo.Hdag.Parsing;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>Loads what activities work on: the stored graph (which must exist) and its descriptor, parsed again.</summary>
public sealed class GraphReader(GraphStore graphs, HdagParser parser)
{
    // A stored descriptor passed the limits when it was deployed, and is stored with its aliases expanded (so it may
    // be larger than the input was): it is read again without the limits on what a request may send.
    private readonly HdagParser _stored = new(parser.Options.ForStoredDescriptors());

    public async Task<GraphRecord> GetAsync(string graph, CancellationToken cancellationToken = default) =>
        await graphs.GetAsync(graph, cancellationToken)
        ?? throw new InvalidOperationException($"Graph '{graph}' is not stored (removed while its orchestration ran?).");

    public async Task<ServiceRecord> GetServiceAsync(ServiceRef service, CancellationToken cancellationToken = default) =>
        (await GetAsync(service.Graph, cancellationToken)).Services.FirstOrDefault(s => s.Name == service.Service)
        ?? throw new InvalidOperationException($"Graph '{service.Graph}' has no service '{service.Service}'.");

    /// <summary>The stored descriptor was accepted at deploy, so it parses again; anything else is a bug worth failing on.</summary>
    public HdaGraph Descriptor(GraphRecord graph) => Descriptor(graph.Name, graph.Descriptor);

    /// <summary>A stored descriptor of the graph (its current one, or one of its versions), parsed again.</summary>
    public HdaGraph Descriptor(string graph, JsonElement descriptor)
    {
        var parsed = _stored.Parse(descriptor.GetRawText());
        return parsed.Graph ?? throw new InvalidOperationException(
            $"A stored descriptor of graph '{graph}' no longer parses: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
    }
}
