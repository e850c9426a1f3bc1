namespace Smo.Durable;

/// <summary>
/// How an orchestrator retries a failed activity or sub-orchestration. Retries are orchestrator-side: a durable
/// timer, then a fresh call, so they survive restarts and show in history.
/// </summary>
public sealed record RetryPolicy
{
    public RetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null, TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout;
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Total time after the first attempt during which retries may still start.</summary>
    public TimeSpan? RetryTimeout { get; }

    /// <summary>Decides whether a failure is worth retrying; all failures are by default.</summary>
    public Func<TaskFailureDetails, bool> Handle { get; init; } = _ => true;

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1 (attempts count from 1).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var delay = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, attempt - 1);
        return TimeSpan.FromMilliseconds(Math.Min(delay, MaxRetryInterval.TotalMilliseconds));
    }
}
