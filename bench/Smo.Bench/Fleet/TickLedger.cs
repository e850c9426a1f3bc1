using Npgsql;

namespace Smo.Bench.Fleet;

/// <summary>
/// What the host recorded while the fleet was measured, read from its decision log (<c>smo.decisions</c>) in one
/// query: every scaling decision of the window, with its trigger and, for ticks, the tick's due time
/// (<c>result.requestedAt</c>); the recording time is the database's clock, as the due time is the orchestration's.
/// </summary>
internal sealed class TickLedger(NpgsqlDataSource dataSource)
{
    /// <summary>The database's clock: the window's ends are taken on the clock the decisions are stamped with.</summary>
    public async Task<DateTime> NowAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT now()");
        return (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<FleetWindow> ReadAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT graph, trigger, created_at, (result->>'requestedAt')::timestamptz
            FROM smo.decisions
            WHERE kind = 'scaling' AND created_at >= @from AND created_at < @to
            ORDER BY created_at
            """);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        var decisions = new List<RecordedDecision>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            decisions.Add(new RecordedDecision(
                reader.GetString(0), reader.GetString(1), reader.GetDateTime(2), reader.IsDBNull(3) ? null : reader.GetDateTime(3)));
        }

        return new FleetWindow(from, to, decisions);
    }
}

/// <param name="RequestedAt">A tick's due time (or the load watch's look); null in decisions recorded before the field.</param>
internal sealed record RecordedDecision(string Graph, string Trigger, DateTime RecordedAt, DateTime? RequestedAt)
{
    public bool IsTick => Trigger == "tick";
}

/// <summary>The decisions of one measurement window and what they say about the ticks.</summary>
internal sealed record FleetWindow(DateTime From, DateTime To, IReadOnlyList<RecordedDecision> Decisions)
{
    public double Seconds => (To - From).TotalSeconds;

    /// <summary>Due time of each tick → its decision recorded, in ms. A tick on a graph of two clusters counts twice.</summary>
    public List<double> TickLags() =>
        [.. Decisions.Where(d => d.IsTick && d.RequestedAt is not null).Select(d => Math.Max(0, (d.RecordedAt - d.RequestedAt!.Value).TotalMilliseconds))];

    /// <summary>
    /// The longest time each graph went without a tick's decision in the window, counting from the window's start
    /// to the first and from the last to the window's end; a graph without any has gone the whole window.
    /// </summary>
    public Dictionary<string, TimeSpan> LongestTickGaps(IEnumerable<string> graphs)
    {
        var ticks = Decisions.Where(d => d.IsTick).ToLookup(d => d.Graph, d => d.RecordedAt);
        var gaps = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var graph in graphs)
        {
            var longest = TimeSpan.Zero;
            var previous = From;
            foreach (var at in ticks[graph].Order().Append(To))
            {
                longest = at - previous > longest ? at - previous : longest;
                previous = at;
            }

            gaps[graph] = longest;
        }

        return gaps;
    }
}
