namespace Smo.Store.Paging;

/// <summary>One page of a log, newest first; <see cref="Next"/> is where the next page starts, null after the last.</summary>
public sealed record LogPage<T>(IReadOnlyList<T> Items, LogPosition? Next);
