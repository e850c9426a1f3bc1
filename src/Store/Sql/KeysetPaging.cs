using Npgsql;
using Smo.Store.Paging;

namespace Smo.Store.Sql;

/// <summary>
/// The newest-first keyset page both logs read: the window's bounds and position as SQL conditions on
/// (created_at, id) — the order of their (graph, created_at DESC, id DESC) indexes — and one row more than the page,
/// which tells whether another page follows.
/// </summary>
internal static class KeysetPaging
{
    public const string Order = "ORDER BY created_at DESC, id DESC LIMIT @page_rows";

    /// <summary>The window's conditions, each starting with AND; binds their parameters.</summary>
    public static string Conditions(LogWindow window, NpgsqlParameterCollection parameters)
    {
        var conditions = "";
        if (window.Since is { } since)
        {
            conditions += " AND created_at >= @since";
            parameters.WithTime("since", since);
        }

        if (window.Until is { } until)
        {
            conditions += " AND created_at < @until";
            parameters.WithTime("until", until);
        }

        if (window.After is { } after)
        {
            // A row comparison, which PostgreSQL answers from the index in its order.
            conditions += " AND (created_at, id) < (@after_at, @after_id)";
            parameters.WithTime("after_at", after.CreatedAt).WithLong("after_id", after.Id);
        }

        parameters.WithInt("page_rows", window.Limit + 1);
        return conditions;
    }

    public static async Task<LogPage<T>> ReadAsync<T>(
        NpgsqlCommand command, int limit, Func<NpgsqlDataReader, T> read, Func<T, LogPosition> position, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        if (rows.Count <= limit)
        {
            return new LogPage<T>(rows, null);
        }

        rows.RemoveAt(limit);
        return new LogPage<T>(rows, position(rows[^1]));
    }
}
