using Microsoft.AspNetCore.Http.Extensions;
using Smo.Functions.Http;
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

    /// <summary>
    /// Reads the page the request asks for through <paramref name="readPage"/> (after which graph, how many at most:
    /// one more than a page, to know whether another follows) and answers it; 400 for a name the store refuses.
    /// </summary>
    public static async Task<IResult> ReadAsync(
        HttpRequest request, Func<string?, int, Task<IReadOnlyList<GraphRecord>>> readPage, SecretValues secrets)
    {
        var after = request.Query[AfterParameter].ToString();
        IReadOnlyList<GraphRecord> fetched;
        try
        {
            fetched = await readPage(after.Length == 0 ? null : after, Size + 1);
        }
        catch (ArgumentException invalid)
        {
            // The store names what a graph or a project must be (a Kubernetes name); before it, no SQL ran. Its
            // parameter is "after" for the query's name, the project otherwise.
            return Problems.BadRequest(invalid.Message, invalid.ParamName == AfterParameter ? $"query: {AfterParameter}" : "route: project");
        }

        return Of(request, fetched, secrets);
    }

    /// <summary>The page of <paramref name="fetched"/> (name order, up to one more than a page) with a link to the rest.</summary>
    public static IResult Of(HttpRequest request, IReadOnlyList<GraphRecord> fetched, SecretValues secrets)
    {
        var page = fetched.Take(Size).ToList();
        if (fetched.Count > Size)
        {
            request.HttpContext.Response.Headers.Link = $"<{Next(request, page[^1].Name)}>; rel=\"next\"";
        }

        return TypedResults.Ok(page.Select(g => GraphViews.Listed(g, secrets)).ToList());
    }

    /// <summary>
    /// The request's own path and query with <c>after</c> set to <paramref name="last"/>: relative, so it never names a
    /// host the client sent (Host is the client's to choose), and with the other parameters kept, so a client that
    /// authenticates with <c>?code=</c> reads page 2 as it read page 1. Values are escaped, so none can end the link.
    /// </summary>
    internal static string Next(HttpRequest request, string last)
    {
        var query = new QueryBuilder(request.Query
            .Where(parameter => !string.Equals(parameter.Key, AfterParameter, StringComparison.OrdinalIgnoreCase))
            .SelectMany(parameter => parameter.Value.Select(value => KeyValuePair.Create(parameter.Key, value ?? ""))))
        {
            { AfterParameter, last },
        };
        return (request.PathBase + request.Path).ToUriComponent() + query.ToQueryString().ToUriComponent();
    }
}
