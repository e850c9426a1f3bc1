
namespace Smo.Functions.Timers;

/// <summary>
/// Decides which host serves a timer occurrence. Exactly one claim per (function, occurrence) succeeds, and none while
/// an earlier invocation of the same function still holds its lease.
/// </summary>
public interface ITimerOccurrenceLock
{
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<TimerClaimResult> TryClaimAsync(string function, DateTime occurrence, string owner, TimeSpan lease, CancellationToken cancellationToken);

    Task<bool> RenewAsync(TimerClaim claim, TimeSpan lease, CancellationToken cancellationToken);

    Task CompleteAsync(TimerClaim claim, CancellationToken cancellationToken);
}

/// <summary>A won occurrence.</summary>
public sealed record TimerClaim(string Function, DateTime Occurrence, string Owner, DateTime? PreviousOccurrence);

/// <summary>The outcome of a claim: won, already served elsewhere, or blocked by a run still in progress.</summary>
public sealed record TimerClaimResult(TimerClaimOutcome Outcome, TimerClaim? Claim = null);

public enum TimerClaimOutcome
{
    Claimed,
    AlreadyServed,
    Busy,
}
