using Microsoft.Azure.Functions.Worker;
using Smo.Functions.Graphs;
using Smo.Functions.Http;
using Smo.Store.Forecasts;
using Smo.Store.Graphs;

namespace Smo.Functions.Forecasting;

/// <summary>
/// Forecasts pushed from outside, as the H3NI plan asks: <c>PUT /graphs/{name}/services/{service}/forecast</c> stores a
/// service's forecast series (replacing the one before), <c>GET</c> reads it back. Scaling ticks under the predictive
/// strategies read it from the store, so no orchestration needs telling.
/// </summary>
public sealed class ForecastFunctions(GraphStore graphs, PushedForecasts pushed, ForecastingOptions options, TimeProvider time)
{
    [Function("Graphs_SetForecast"), ProjectScoped, JsonBody(ForecastBody.Description)]
    public async Task<IResult> SetForecast(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "graphs/{name}/services/{service}/forecast")] HttpRequest request, string name, string service,
        CancellationToken cancellationToken)
    {
        var (graph, refusal) = await ServiceAsync(request, name, service, cancellationToken);
        if (graph is null)
        {
            return refusal!;
        }

        var body = await Problems.ReadJsonBodyAsync(request, ForecastBody.MaxLength(options));
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (forecast, invalid) = ForecastBody.Read(body.Value, options, time.GetUtcNow());
        if (invalid is not null)
        {
            return invalid;
        }

        try
        {
            await pushed.ReplaceAsync(graph.Name, service, forecast!, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            // Removed meanwhile.
            return VisibleGraph.NotFound(name);
        }

        return TypedResults.Ok(new PushedForecastSummary(graph.Name, service, forecast!.Source, forecast.Points.Count, forecast.Points[0].At, forecast.Points[^1].At));
    }

    [Function("Graphs_GetForecast"), ProjectScoped]
    public async Task<IResult> GetForecast(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "graphs/{name}/services/{service}/forecast")] HttpRequest request, string name, string service,
        CancellationToken cancellationToken)
    {
        var (graph, refusal) = await ServiceAsync(request, name, service, cancellationToken);
        if (graph is null)
        {
            return refusal!;
        }

        return await pushed.GetAsync(graph.Name, service, cancellationToken) is { } stored
            ? TypedResults.Ok(new PushedForecastView(stored.Graph, stored.Service, stored.Source, stored.PushedAt, [.. stored.Points.Select(p => new PushedPointView(p.At, p.Rate))]))
            : Problems.NotFound($"No forecast was pushed for service '{service}' of graph '{graph.Name}'.");
    }

    /// <summary>The graph, when the request may see it and it has the service; otherwise the 404 (or 400) why not.</summary>
    private async Task<(GraphRecord? Graph, IResult? Refusal)> ServiceAsync(HttpRequest request, string name, string service, CancellationToken cancellationToken)
    {
        var (graph, refusal) = await VisibleGraph.FindAsync(graphs, request, name, cancellationToken);
        if (graph is null)
        {
            return (null, refusal);
        }

        return graph.Services.Any(s => s.Name == service)
            ? (graph, null)
            : (null, Problems.NotFound($"Graph '{graph.Name}' has no service named '{(service.Length <= 63 ? service : service[..63] + "…")}'."));
    }
}

/// <summary>What a push stored: how many points, over which span.</summary>
public sealed record PushedForecastSummary(string Graph, string Service, string? Source, int Points, DateTimeOffset From, DateTimeOffset To);

/// <summary>A service's pushed forecast, as pushed, with when.</summary>
public sealed record PushedForecastView(string Graph, string Service, string? Source, DateTimeOffset PushedAt, IReadOnlyList<PushedPointView> Points);

public sealed record PushedPointView(DateTimeOffset At, double Rate);
