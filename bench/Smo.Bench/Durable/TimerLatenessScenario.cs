using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Smo.Bench.Durable;

/// <summary>
/// Many instances waiting on durable timers due at the same instant: how late the orchestrators resume when a
/// burst of timers fires at once. Lateness is the resuming episode's start time minus the due time.
/// </summary>
internal sealed partial class TimerLatenessScenario(int timers, TimeSpan lead, ILogger<TimerLatenessScenario> logger) : IDurableScenario
{
    public const string ScenarioName = "timers";

    private const string Orchestrator = "TimerLateness";
    private const double MedianPercentile = 50;
    private const double TailPercentile = 99;

    public string Name => ScenarioName;

    public IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object>
    {
        ["timers"] = timers,
        ["leadSeconds"] = lead.TotalSeconds,
    };

    public void Register(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<DateTime, DateTime>(Orchestrator, async (context, fireAt) =>
        {
            await context.CreateTimer(fireAt, CancellationToken.None);
            return context.CurrentUtcDateTime;
        });

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchHub hub, CancellationToken cancellationToken)
    {
        var fireAt = TimeProvider.System.GetUtcNow().UtcDateTime + lead;
        await hub.ScheduleManyAsync(Orchestrator, timers, _ => fireAt, cancellationToken);

        // An instance still Pending at the due time has not created its timer yet; its lateness is start-up backlog.
        var untilDue = fireAt - TimeProvider.System.GetUtcNow().UtcDateTime;
        if (untilDue > TimeSpan.Zero)
        {
            await Task.Delay(untilDue, cancellationToken);
        }

        var notArmed = await hub.CountAsync(OrchestrationRuntimeStatus.Pending, cancellationToken);
        if (notArmed > 0)
        {
            LogNotArmed(notArmed, timers, lead.TotalSeconds);
        }

        var finished = await hub.WaitForAllAsync(cancellationToken);

        InstanceChecks.RequireAllCorrect(finished, timers, i => i.ReadOutputAs<DateTime>() >= fireAt);
        var lateness = finished.Select(i => (i.ReadOutputAs<DateTime>() - fireAt).TotalMilliseconds).ToList();
        // The earliest resume shows the wake-up's precision; the spread above it is the burst's processing time.
        var observed = new Dictionary<string, object>
        {
            ["notArmedAtDueTime"] = notArmed,
            ["latenessMinMs"] = Math.Round(lateness.Min()),
            ["latenessMaxMs"] = Math.Round(lateness.Max()),
        };
        return
        [
            new("timer_lateness_ms_p50", Percentiles.Of(lateness, MedianPercentile), Units.Milliseconds, observed),
            new("timer_lateness_ms_p99", Percentiles.Of(lateness, TailPercentile), Units.Milliseconds, observed),
        ];
    }

    [LoggerMessage(LogLevel.Warning, "{NotArmed} of {Timers} instances had not created their timer when it was due; lateness includes start-up backlog (raise --timer-lead-s above {LeadSeconds})")]
    private partial void LogNotArmed(int notArmed, int timers, double leadSeconds);
}
