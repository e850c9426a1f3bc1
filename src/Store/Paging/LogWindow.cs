namespace Smo.Store.Paging;

/// <summary>
/// A stretch of a log: rows recorded at or after <see cref="Since"/> and before <see cref="Until"/> (either open),
/// after <see cref="After"/> in newest-first order, at most <see cref="Limit"/> of them.
/// </summary>
public sealed record LogWindow(DateTimeOffset? Since, DateTimeOffset? Until, LogPosition? After, int Limit)
{
    internal void Validate(string parameter)
    {
        Require.Limit(Limit, parameter);
        if (Since is { } since && Until is { } until && since >= until)
        {
            throw new ArgumentException($"The window starts at {since:O}, not before its end {until:O}.", parameter);
        }

        if (After is { Id: < 1 })
        {
            throw new ArgumentException($"The position's id {After.Id} is not a row id (ids start at 1).", parameter);
        }
    }
}
