using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Smo.Durable.Dispatch;
using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Backend;

/// <summary>
/// An activity run whose lease is lost (here: taken away in the database, as when another host claimed the call
/// after this one stalled) is told through <see cref="ActivityCancellation"/> and its result is dropped; the run
/// that owns the call now decides the result.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ActivityLeaseLossTests
{
    [Fact]
    public async Task A_run_that_lost_its_lease_is_cancelled_and_its_result_dropped()
    {
        await using var kind = new SmoBackendKind { InProcessWorker = true };
        kind.Configure = options => options.Limits.ActivityLease = TimeSpan.FromMilliseconds(900);
        var probe = new LeaseProbe();
        var host = await kind.StartHostAsync(r => r
            .AddActivity(nameof(ProbedActivity), services => new ProbedActivity(probe, services.GetRequiredService<ActivityCancellation>()))
            .AddOrchestratorFunc<object?, string>("CallsProbed", async (ctx, _) => await ctx.CallActivityAsync<string>(nameof(ProbedActivity))));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CallsProbed");
        await probe.FirstRunStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The lease moves on: a new fencing token, visible again at once, so this host claims the call anew.
        await using (var dataSource = NpgsqlDataSource.Create(kind.Database))
        await using (var steal = dataSource.CreateCommand(
            $"UPDATE {kind.SchemaName}.tasks SET lock_token = lock_token + 1, lease_owner = NULL, visible_at = now()"))
        {
            Assert.Equal(1, await steal.ExecuteNonQueryAsync());
        }

        var result = await host.WaitAsync(id);
        // Its next renewal, a third of the lease after the steal, finds the lease gone.
        var cancelled = await probe.FirstRunCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(t => t.IsCompletedSuccessfully);

        Assert.True(cancelled, "the first run was not cancelled when its lease was lost");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("second run", result.ReadOutputAs<string>());
        Assert.Equal(2, probe.Runs);
    }

    private sealed class LeaseProbe
    {
        private int _runs;

        public TaskCompletionSource FirstRunStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource FirstRunCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Runs => Volatile.Read(ref _runs);

        public int NextRun() => Interlocked.Increment(ref _runs);
    }

    /// <summary>The first run waits for its cancellation, then answers anyway: that answer must not be the result.</summary>
    private sealed class ProbedActivity(LeaseProbe probe, ActivityCancellation cancellation) : TaskActivity<object?, string>
    {
        public override async Task<string> RunAsync(TaskActivityContext context, object? input)
        {
            if (probe.NextRun() > 1)
            {
                return "second run";
            }

            probe.FirstRunStarted.TrySetResult();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                probe.FirstRunCancelled.TrySetResult();
            }

            return "first run, after its lease was lost";
        }
    }
}
