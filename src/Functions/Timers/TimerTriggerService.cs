using Microsoft.Azure.Functions.Worker;
using Smo.Functions.Hosting;

namespace Smo.Functions.Timers;

/// <summary>
/// Runs timer-triggered functions on NCRONTAB schedules (6 fields, with seconds, UTC) or intervals (<c>hh:mm:ss</c>,
/// see <see cref="TimerSchedule"/>). Every host runs this service;
/// the occurrence lock makes exactly one of them serve each occurrence, never overlapping a run still in progress.
/// </summary>
public sealed partial class TimerTriggerService(
    IEnumerable<TimerFunction> functions,
    ITimerOccurrenceLock occurrenceLock,
    IServiceProvider services,
    IConfiguration configuration,
    TimeProvider time,
    TimerTriggerOptions options,
    ILogger<TimerTriggerService> logger,
    FunctionRequirements? requirements = null) : BackgroundService
{
    /// <summary>The timers whose functions can run: one that needs a setting not set does not fire (said once, at start).</summary>
    private IReadOnlyList<TimerFunction> _runnable = [];

    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Parses a schedule, resolving <c>%Setting%</c> from configuration; throws with the reason when invalid.</summary>
    public static TimerSchedule ParseSchedule(string functionName, string expression, IConfiguration configuration)
    {
        var resolved = expression;
        if (expression.Length > 2 && expression.StartsWith('%') && expression.EndsWith('%'))
        {
            var setting = expression[1..^1];
            resolved = configuration[setting] is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException($"Timer function '{functionName}' uses the schedule setting '{setting}', which is not set.");
        }

        return TimerSchedule.TryParse(resolved)
            ?? throw new InvalidOperationException(
                $"Timer function '{functionName}' has the schedule '{resolved}', which is not a 6-field NCRONTAB expression ({{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}) or a positive interval (hh:mm:ss).");
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Fail the host at start on a bad schedule rather than silently never firing.
        foreach (var function in functions)
        {
            ParseSchedule(function.Name, function.Schedule, configuration);
        }

        _runnable = [.. functions.Where(function => Runnable(function))];
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await occurrenceLock.InitializeAsync(stoppingToken);
                break;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogScheduleFailed(exception, "(initialization)");
                await Task.Delay(options.RetryInterval, time, stoppingToken);
            }
        }

        await Task.WhenAll(_runnable.Select(f => RunScheduleAsync(f, ParseSchedule(f.Name, f.Schedule, configuration), stoppingToken)));
    }

    private bool Runnable(TimerFunction function)
    {
        var missing = function.Definition is { } definition && requirements is not null ? requirements.MissingSettings(definition) : [];
        if (missing.Count > 0)
        {
            LogNotConfigured(function.Name, string.Join(", ", missing));
        }

        return missing.Count == 0;
    }

    private async Task RunScheduleAsync(TimerFunction function, TimerSchedule schedule, CancellationToken stoppingToken)
    {
        var occurrence = schedule.GetNextOccurrence(Now);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DelayUntilAsync(occurrence, stoppingToken);
                await ServeAsync(function, schedule, occurrence, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogScheduleFailed(exception, function.Name);
                await Task.Delay(options.RetryInterval, time, stoppingToken);
            }

            // Occurrences missed while down or busy collapse into the next one, as in Azure Functions.
            var now = Now;
            occurrence = schedule.GetNextOccurrence(occurrence > now ? occurrence : now);
        }
    }

    private async Task ServeAsync(TimerFunction function, TimerSchedule schedule, DateTime occurrence, CancellationToken stoppingToken)
    {
        var next = schedule.GetNextOccurrence(occurrence);
        while (true)
        {
            var result = await occurrenceLock.TryClaimAsync(function.Name, occurrence, _owner, options.Lease, stoppingToken);
            switch (result.Outcome)
            {
                case TimerClaimOutcome.AlreadyServed:
                    return;
                case TimerClaimOutcome.Claimed:
                    await InvokeAsync(function, result.Claim!, next, stoppingToken);
                    return;
                default:
                    // A run is still going: wait for it, then serve this occurrence late (IsPastDue), as Azure
                    // Functions does; occurrences that pass meanwhile collapse into this one.
                    await Task.Delay(options.BusyRetryInterval, time, stoppingToken);
                    break;
            }
        }
    }

    private async Task InvokeAsync(TimerFunction function, TimerClaim claim, DateTime next, CancellationToken stoppingToken)
    {
        // As the Functions host reports it: the previous occurrence served, the next one, and when this one was due.
        var info = new TimerInfo
        {
            ScheduleStatus = new ScheduleStatus { Last = claim.PreviousOccurrence ?? default, Next = next, LastUpdated = claim.Occurrence },
            IsPastDue = Now - claim.Occurrence > options.PastDueThreshold,
        };
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewAsync(claim, renewal.Token);
        try
        {
            LogInvoking(function.Name, claim.Occurrence, info.IsPastDue);
            await using var scope = services.CreateAsyncScope();
            await function.Run(scope.ServiceProvider, info, stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogFunctionFailed(exception, function.Name, claim.Occurrence);
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing; // never throws: renewal failures are logged inside
            await occurrenceLock.CompleteAsync(claim, CancellationToken.None);
        }
    }

    private async Task RenewAsync(TimerClaim claim, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Lease / 3, time, cancellationToken);
                await occurrenceLock.RenewAsync(claim, options.Lease, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // One failed renewal must not end the renewals: the lease is still ours until it expires.
                LogScheduleFailed(exception, claim.Function);
            }
        }
    }

    private async Task DelayUntilAsync(DateTime due, CancellationToken cancellationToken)
    {
        // Task.Delay takes at most ~49 days; a yearly schedule waits in steps.
        for (var wait = due - Now; wait > TimeSpan.Zero; wait = due - Now)
        {
            await Task.Delay(wait < MaxSingleDelay ? wait : MaxSingleDelay, time, cancellationToken);
        }
    }

    private static readonly TimeSpan MaxSingleDelay = TimeSpan.FromDays(24);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    [LoggerMessage(LogLevel.Information, "Timer function {Function} runs for {Occurrence:O} (past due: {IsPastDue})")]
    private partial void LogInvoking(string function, DateTime occurrence, bool isPastDue);

    [LoggerMessage(LogLevel.Error, "Timer function {Function} failed for {Occurrence:O}")]
    private partial void LogFunctionFailed(Exception exception, string function, DateTime occurrence);

    [LoggerMessage(LogLevel.Warning, "Timer function {Function} does not fire until {Settings} is set")]
    private partial void LogNotConfigured(string function, string settings);

    [LoggerMessage(LogLevel.Warning, "Timer schedule of {Function} failed; retrying")]
    private partial void LogScheduleFailed(Exception exception, string function);
}

/// <summary>Timings of the timer trigger service.</summary>
public sealed record TimerTriggerOptions
{
    /// <summary>How long a run holds its occurrence before another host may assume it died.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan BusyRetryInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A run that starts later than this after its occurrence reports <see cref="TimerInfo.IsPastDue"/>.</summary>
    public TimeSpan PastDueThreshold { get; init; } = TimeSpan.FromSeconds(1);
}
