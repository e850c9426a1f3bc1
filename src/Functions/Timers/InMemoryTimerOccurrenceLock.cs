
namespace Smo.Functions.Timers;

/// <summary>The timer lock for a host whose durable store is in memory; shared by every service in one process.</summary>
public sealed class InMemoryTimerOccurrenceLock(TimeProvider time) : ITimerOccurrenceLock
{
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<TimerClaimResult> TryClaimAsync(string function, DateTime occurrence, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var row = _rows.TryGetValue(function, out var existing) ? existing : _rows[function] = new Row();
            if (row.LastOccurrence >= occurrence)
            {
                return Task.FromResult(new TimerClaimResult(TimerClaimOutcome.AlreadyServed));
            }

            if (row.Owner is not null && row.LeaseExpiresAt > now)
            {
                return Task.FromResult(new TimerClaimResult(TimerClaimOutcome.Busy));
            }

            var claim = new TimerClaim(function, occurrence, owner, row.LastOccurrence);
            row.LastOccurrence = occurrence;
            row.Owner = owner;
            row.LeaseExpiresAt = now + lease;
            return Task.FromResult(new TimerClaimResult(TimerClaimOutcome.Claimed, claim));
        }
    }

    public Task<bool> RenewAsync(TimerClaim claim, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!Holds(claim, out var row))
            {
                return Task.FromResult(false);
            }

            row.LeaseExpiresAt = time.GetUtcNow().UtcDateTime + lease;
            return Task.FromResult(true);
        }
    }

    public Task CompleteAsync(TimerClaim claim, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Holds(claim, out var row))
            {
                row.Owner = null;
                row.LeaseExpiresAt = null;
            }

            return Task.CompletedTask;
        }
    }

    private bool Holds(TimerClaim claim, out Row row) =>
        _rows.TryGetValue(claim.Function, out row!) && row.Owner == claim.Owner && row.LastOccurrence == claim.Occurrence;

    private sealed class Row
    {
        public DateTime? LastOccurrence { get; set; }

        public string? Owner { get; set; }

        public DateTime? LeaseExpiresAt { get; set; }
    }
}
