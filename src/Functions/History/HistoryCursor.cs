using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Smo.Store.Paging;

namespace Smo.Functions.History;

/// <summary>
/// The opaque <c>next</c> of a history page: base64url of the position the page ended at (its last row's time in
/// ticks and id) and a checksum over the position and the query it belongs to (log, graph, filters). The checksum
/// catches a cursor that was damaged, truncated, or reused with other filters than the page it came from, and refuses
/// it rather than read it as another position. It is unkeyed, so it cannot stop a deliberate forgery — and need not:
/// a forged cursor only moves where the page starts within the caller's own query, and opens no row that query does
/// not (the graph's visibility and the filters are checked on every request). A keyed check would cost cursors that
/// survive a restart or work on another host.
/// </summary>
public static class HistoryCursor
{
    /// <summary>Longer than any cursor this makes; what is longer is refused unread.</summary>
    public const int MaxLength = 128;

    private const string Version = "1";
    private const int CheckBytes = 8;

    /// <param name="query">What the cursor belongs to: the log, the graph and the filters, in a fixed form.</param>
    public static string Encode(LogPosition position, string query)
    {
        var ticks = position.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);
        var id = position.Id.ToString(CultureInfo.InvariantCulture);
        var text = $"{Version}.{ticks}.{id}.{Check(ticks, id, query)}";
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>The position, or null with <paramref name="why"/> when the text is not a cursor of this query.</summary>
    public static LogPosition? Decode(string cursor, string query, out string why)
    {
        why = "";
        if (cursor.Length is 0 or > MaxLength || !Base64Url.IsValid(cursor))
        {
            why = "it is not a cursor a page of this history returned (not base64url of the right length)";
            return null;
        }

        var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)).Split('.');
        if (parts is not [Version, var ticks, var id, var check]
            || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var utcTicks)
            || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var rowId)
            || utcTicks > DateTimeOffset.MaxValue.UtcTicks || rowId < 1)
        {
            why = "it is not a cursor a page of this history returned (its content is not a position)";
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(check), Encoding.ASCII.GetBytes(Check(ticks, id, query))))
        {
            why = "it was damaged, or it belongs to another graph or other filters than this request's";
            return null;
        }

        return new LogPosition(new DateTimeOffset(utcTicks, TimeSpan.Zero), rowId);
    }

    private static string Check(string ticks, string id, string query) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{ticks}\n{id}\n{query}")).AsSpan(0, CheckBytes));
}
