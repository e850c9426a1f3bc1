using Smo.Functions.Secrets;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>
/// One page of a graph list, in name order. Each graph is a full object (descriptor and services) as the original's
/// lists returned, so a page holds at most <see cref="Size"/> graphs: the body stays the original's JSON array, and a
/// <c>Link: &lt;…?after=NAME&gt;; rel="next"</c> header says where the rest starts.
/// </summary>
public static class GraphListPage
{
    /// <summary>Graphs per page: each may carry a descriptor of up to the parser's input limit.</summary>
    public const int Size = 100;

    /// <summary>The query parameter that continues a list after the graph it names.</summary>
    public const string AfterParameter = "after";

    public static IResult Of(HttpRequest request, IEnumerable<GraphRecord> graphs, SecretValues secrets)
    {
        var after = request.Query[AfterParameter].ToString();
        var page = graphs
            .Where(g => string.CompareOrdinal(g.Name, after) > 0)
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .Take(Size + 1)
            .ToList();
        if (page.Count > Size)
        {
            page.RemoveAt(Size);
            var next = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{AfterParameter}={Uri.EscapeDataString(page[^1].Name)}";
            request.HttpContext.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        return TypedResults.Ok(page.Select(g => GraphViews.Listed(g, secrets)).ToList());
    }
}
