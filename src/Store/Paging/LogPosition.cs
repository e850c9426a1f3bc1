namespace Smo.Store.Paging;

/// <summary>
/// Where a newest-first page of a log (decisions, events) ended: its last row's time and id. The next page starts
/// strictly after it in (created_at, id) order — keyset paging, so rows recorded meanwhile arrive above the first
/// page and never shift or repeat the pages that follow; rows of one instant are told apart by their id.
/// </summary>
public sealed record LogPosition(DateTimeOffset CreatedAt, long Id);
