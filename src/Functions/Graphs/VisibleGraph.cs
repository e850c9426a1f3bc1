using Smo.Functions.Http;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>How a graph route finds its graph, for every route that names one.</summary>
public static class VisibleGraph
{
    /// <summary>
    /// The graph, if the request may see it, or the answer why not: one outside the key's projects is not found, as if
    /// it did not exist — its existence is not the caller's to learn; a name no graph can have (the store refuses it
    /// before any SQL: not a DNS-1123 label) is a 400 naming the route value.
    /// </summary>
    public static async Task<(GraphRecord? Graph, IResult? Refusal)> FindAsync(GraphStore graphs, HttpRequest request, string name, CancellationToken cancellationToken)
    {
        GraphRecord? graph;
        try
        {
            graph = await graphs.GetAsync(name, cancellationToken);
        }
        catch (ArgumentException invalid)
        {
            return (null, Problems.BadRequest(invalid.Message, "route: name"));
        }

        return graph is not null && ProjectScope.Allows(request, graph.Project) ? (graph, null) : (null, NotFound(name));
    }

    public static IResult NotFound(string name) => Problems.NotFound($"No graph is named '{name}'.");
}
