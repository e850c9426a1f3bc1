using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using Smo.Functions.Graphs;
using Smo.Functions.Http;
using Smo.Store.Decisions;
using Smo.Store.Events;
using Smo.Store.Graphs;
using Smo.Store.Paging;

namespace Smo.Functions.History;

/// <summary>
/// A graph's history to read: its decisions (each with the inputs its strategy received and what it chose) and its
/// events, filtered and paged newest first with an opaque cursor (<see cref="HistoryCursor"/>); and its replicas
/// over time per service with the load its scaling decisions measured (<see cref="ReplicaHistory"/>). Project
/// scoping and 404s as every graph route (<see cref="VisibleGraph"/>).
/// </summary>
public sealed partial class HistoryFunctions(GraphStore graphs, DecisionLog decisions, EventLog events, TimeProvider time)
{
    /// <summary>The most decisions one replica history reads: a window holding more starts at the newest this many.</summary>
    public const int MaxDecisionsRead = 20_000;

    /// <summary>The window of a replica history asked without <c>since</c>.</summary>
    public static readonly TimeSpan DefaultReplicaWindow = TimeSpan.FromHours(1);

    [Function("Graphs_Decisions"), ProjectScoped]
    public async Task<IResult> Decisions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "graphs/{name}/decisions")] HttpRequest request, string name, CancellationToken cancellationToken)
    {
        var (graph, refusal) = await VisibleGraph.FindAsync(graphs, request, name, cancellationToken);
        if (graph is null)
        {
            return refusal!;
        }

        var (kinds, badKind) = HistoryQuery.List(request, "kind", HistoryQuery.Named<DecisionKind>, HistoryQuery.Names<DecisionKind>());
        var (triggers, badTrigger) = HistoryQuery.List(request, "trigger", HistoryQuery.Named<DecisionTrigger>, HistoryQuery.Names<DecisionTrigger>());
        var filter = $"kind={string.Join(',', kinds.Order())}\ntrigger={string.Join(',', triggers.Order())}";
        var (window, query, badWindow) = Window(request, "decisions", graph.Name, filter);
        if ((badKind ?? badTrigger ?? badWindow) is { } problem)
        {
            return problem;
        }

        var page = await decisions.PageAsync(graph.Name, new DecisionFilter(kinds, triggers), window!, cancellationToken);
        return TypedResults.Ok(new HistoryPage<DecisionView>([.. page.Items.Select(GraphViews.Decision)], Cursor(page.Next, query)));
    }

    [Function("Graphs_Events"), ProjectScoped]
    public async Task<IResult> Events(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "graphs/{name}/events")] HttpRequest request, string name, CancellationToken cancellationToken)
    {
        var (graph, refusal) = await VisibleGraph.FindAsync(graphs, request, name, cancellationToken);
        if (graph is null)
        {
            return refusal!;
        }

        var (kinds, badKind) = HistoryQuery.List(request, "kind", k => (EventKind().IsMatch(k), k), "an event kind (lower-case letters, digits, '-' or '.', starting with a letter)");
        var service = HistoryQuery.Value(request, "service", out var badService);
        if (badService is null && service is not null && !ServiceName().IsMatch(service))
        {
            badService = HistoryQuery.Refuse("service", $"service '{HistoryQuery.Shown(service)}' is not a service name (a DNS-1123 label).");
        }

        var filter = $"kind={string.Join(',', kinds.Order(StringComparer.Ordinal))}\nservice={service}";
        var (window, query, badWindow) = Window(request, "events", graph.Name, filter);
        if ((badKind ?? badService ?? badWindow) is { } problem)
        {
            return problem;
        }

        var page = await events.PageAsync(graph.Name, new EventFilter(kinds, service), window!, cancellationToken);
        return TypedResults.Ok(new HistoryPage<EventView>([.. page.Items.Select(GraphViews.Event)], Cursor(page.Next, query)));
    }

    [Function("Graphs_Replicas"), ProjectScoped]
    public async Task<IResult> Replicas(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "graphs/{name}/replicas")] HttpRequest request, string name, CancellationToken cancellationToken)
    {
        var (graph, refusal) = await VisibleGraph.FindAsync(graphs, request, name, cancellationToken);
        if (graph is null)
        {
            return refusal!;
        }

        var (since, badSince) = HistoryQuery.Time(request, "since");
        var (until, badUntil) = HistoryQuery.Time(request, "until");
        if ((badSince ?? badUntil) is { } problem)
        {
            return problem;
        }

        var to = until ?? time.GetUtcNow();
        var from = since ?? to - DefaultReplicaWindow;
        if (from >= to)
        {
            return HistoryQuery.Refuse("since", $"since ({from:O}) must be before until ({to:O}{(until is null ? ", now" : "")}).");
        }

        var traces = await decisions.ReplicaTracesAsync(graph.Name, from, to, MaxDecisionsRead + 1, cancellationToken);
        var truncated = traces.Count > MaxDecisionsRead;
        var read = truncated ? traces.Skip(1).ToList() : traces;
        return TypedResults.Ok(ReplicaHistory.Build(graph.Name, truncated ? read[0].At : from, to, read, truncated));
    }

    /// <summary>
    /// The page asked for — since, until, limit, cursor — and the query its cursors belong to (the log, the graph,
    /// <paramref name="filter"/> and the window); or the 400 for the first bad value.
    /// </summary>
    private static (LogWindow? Window, string Query, IResult? Problem) Window(HttpRequest request, string log, string graph, string filter)
    {
        var (since, badSince) = HistoryQuery.Time(request, "since");
        var (until, badUntil) = HistoryQuery.Time(request, "until");
        var (limit, badLimit) = HistoryQuery.Limit(request);
        var cursor = HistoryQuery.Value(request, "cursor", out var badCursor);
        var query = string.Join('\n', log, graph, filter, Ticks(since), Ticks(until));
        if ((badSince ?? badUntil ?? badLimit ?? badCursor) is { } problem)
        {
            return (null, query, problem);
        }

        if (since >= until)
        {
            return (null, query, HistoryQuery.Refuse("since", $"since ({since:O}) must be before until ({until:O})."));
        }

        LogPosition? after = null;
        if (cursor is not null && (after = HistoryCursor.Decode(cursor, query, out var why)) is null)
        {
            return (null, query, HistoryQuery.Refuse("cursor", $"The cursor is refused: {why}. Use the next of the page before, with the same filters."));
        }

        return (new LogWindow(since, until, after, limit), query, null);
    }

    private static string Ticks(DateTimeOffset? at) => at?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string? Cursor(LogPosition? next, string query) => next is null ? null : HistoryCursor.Encode(next, query);

    [GeneratedRegex(@"^[a-z][a-z0-9.-]{0,99}\z")]
    private static partial Regex EventKind();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\z")]
    private static partial Regex ServiceName();
}
