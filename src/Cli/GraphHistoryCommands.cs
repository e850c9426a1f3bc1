using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Smo.Cli;

/// <summary>
/// <c>smo graph history NAME</c>: the graph's decisions (or, with <c>--events</c>, its events) newest first, filtered as
/// the API filters them, following the API's cursor page by page up to <c>--limit</c>.
/// </summary>
internal static partial class GraphHistoryCommands
{
    /// <summary>The most one page of the API holds: the host's <c>HistoryQuery.MaxLimit</c> (the CLI knows the API only).</summary>
    private const int ApiPageLimit = 500;

    private const int MaxLimit = 10_000;

    public static Command Build(CliGlobals globals)
    {
        var name = GraphCommands.GraphName();
        var kind = new Option<string>("--kind") { Description = "Only these kinds, comma-separated: placement, replacement, scaling (with --events: event kinds, e.g. deploy.helm-installed)" };
        var trigger = new Option<string>("--trigger") { Description = "Only decisions asked for by these, comma-separated: deploy, tick, load, alert, api, infeasible-scaling, inventory, carbon" };
        var service = new Option<string>("--service") { Description = "With --events: only this service's events" };
        var since = new Option<string>("--since") { Description = "From this time on (RFC 3339, e.g. 2026-03-01T12:00:00Z)" };
        var until = new Option<string>("--until") { Description = "Before this time (RFC 3339)" };
        var limit = new Option<int>("--limit", "-n") { Description = $"How many to print at most (1 to {MaxLimit})", DefaultValueFactory = _ => 20 };
        var events = new Option<bool>("--events") { Description = "The graph's events instead of its decisions" };
        var cursor = new Option<string>("--cursor") { Description = "Go on where an earlier history stopped: the cursor it printed, with the same filters" };
        var command = new Command("history", "A graph's decisions (time, kind, trigger, strategy, status, reason) or events, newest first")
        {
            name, kind, trigger, service, since, until, limit, events, cursor,
        };
        command.SetAction(globals.Run(async (session, result, cancellationToken) =>
        {
            var wanted = result.GetValue(limit);
            var ofEvents = result.GetValue(events);
            if (wanted is < 1 or > MaxLimit)
            {
                throw new CliUsageException($"--limit {wanted} is out of range: give 1 to {MaxLimit}.");
            }

            if (ofEvents ? result.GetValue(trigger) is not null : result.GetValue(service) is not null)
            {
                throw new CliUsageException(ofEvents ? "--trigger filters decisions; events have none (use --kind or --service)." : "--service filters events: add --events.");
            }

            var filters = new (string Name, string? Value)[]
            {
                ("kind", result.GetValue(kind)), ("trigger", result.GetValue(trigger)), ("service", result.GetValue(service)),
                ("since", result.GetValue(since)), ("until", result.GetValue(until)),
            };
            var graph = result.GetValue(name)!;
            var path = $"graphs/{Uri.EscapeDataString(graph)}/{(ofEvents ? "events" : "decisions")}?"
                + string.Concat(filters.Where(f => f.Value is not null).Select(f => $"{f.Name}={Uri.EscapeDataString(f.Value!)}&"));
            var (items, next) = await ReadAsync(session, path, result.GetValue(cursor), wanted, cancellationToken);
            if (session.Json)
            {
                await session.PrintJsonAsync(JsonSerializer.SerializeToElement(new { items, next }));
                return 0;
            }

            var table = ofEvents ? Views.Table("At (UTC)", "Event", "Service", "Message") : Views.Table("At (UTC)", "Kind", "Trigger", "Strategy", "Status", "Reason");
            foreach (var item in items)
            {
                if (ofEvents)
                {
                    Views.Row(table, item.Time("at"), item.Text("kind"), item.Text("service"), item.Text("message"));
                }
                else
                {
                    Views.Row(table, item.Time("at"), item.Text("kind"), item.Text("trigger"), item.Text("strategy"), item.Text("status"), item.Text("reason"));
                }
            }

            session.Console.Write(table);
            // The cursor, not the last row's time: --until that time would skip the rows recorded in the same instant.
            // Written unwrapped (the console wraps at its width), so it can be copied whole.
            var counted = $"{items.Count} {(ofEvents ? "event(s)" : "decision(s)")}";
            await session.Io.Output.WriteLineAsync(next switch
            {
                null => $"{counted}; no more.",
                _ when CursorShape().IsMatch(next) => $"{counted}; older ones follow (raise --limit, or add --cursor {next}).",
                _ => $"{counted}; older ones follow (raise --limit).",
            });
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Pages of at most <see cref="ApiPageLimit"/> from <paramref name="path"/>, from <paramref name="cursor"/> on (the
    /// newest when null), following <c>next</c> until <paramref name="wanted"/> are read.
    /// </summary>
    private static async Task<(List<JsonElement> Items, string? Next)> ReadAsync(CliSession session, string path, string? cursor, int wanted, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        var next = cursor;
        do
        {
            var size = Math.Min(ApiPageLimit, wanted - items.Count);
            var page = await session.Api.GetAsync($"{path}limit={size}{(next is null ? "" : $"&cursor={Uri.EscapeDataString(next)}")}", cancellationToken);
            var read = items.Count;
            items.AddRange(page.Child("items").Items());
            next = page.Child("next").ValueKind == JsonValueKind.String ? page.Child("next").GetString() : null;
            if (items.Count == read)
            {
                // An empty page ends the history, whatever it says follows.
                break;
            }
        }
        while (next is not null && items.Count < wanted);

        return (items, next);
    }

    /// <summary>What a cursor of the API looks like (base64url, short): only such a one is printed as a command to type.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,128}\z")]
    private static partial Regex CursorShape();
}
