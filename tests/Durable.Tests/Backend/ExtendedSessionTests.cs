using Smo.Durable.Storage;
using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Backend;

/// <summary>
/// The in-process worker keeps orchestrations in memory between episodes (extended sessions) and runs only the new
/// events when an episode continues the checkpoint this process committed last. Anything else must replay from the
/// stored history: a session that ran an episode whose checkpoint then failed holds state that was never stored.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ExtendedSessionTests
{
    [Fact]
    public async Task An_episode_whose_checkpoint_failed_is_run_again_from_history_not_from_its_session()
    {
        var commits = 0;
        var runs = 0;
        var faults = new StoreFaults
        {
            BeforeCheckpointStep = step =>
            {
                // The second checkpoint — the episode that took the first activity's result — fails once.
                if (step == "commit" && Interlocked.Increment(ref commits) == 2)
                {
                    throw new IOException("injected crash before the commit of the second checkpoint");
                }
            },
        };
        await using var kind = new SmoBackendKind { InProcessWorker = true };
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<int, int>("Count", (_, n) =>
            {
                Interlocked.Increment(ref runs);
                return n;
            })
            .AddOrchestratorFunc<object?, int>("Chain", async (ctx, _) =>
            {
                var sum = 0;
                for (var i = 1; i <= 4; i++)
                {
                    sum += await ctx.CallActivityAsync<int>("Count", i);
                }

                return sum;
            }), null, faults);

        var result = await host.RunAsync("Chain");

        Assert.True(Volatile.Read(ref commits) > 2, "the fault was never hit");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(10, result.ReadOutputAs<int>());
        Assert.Equal(4, Volatile.Read(ref runs));
    }

    [Fact]
    public async Task A_long_chain_runs_each_step_once_in_its_session()
    {
        var observed = 0;
        await using var kind = new SmoBackendKind { InProcessWorker = true };
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<int, int>("Next", (_, n) => n + 1)
            .AddOrchestratorFunc<int, int>("Steps", async (ctx, count) =>
            {
                var n = 0;
                while (n < count)
                {
                    Interlocked.Increment(ref observed);
                    n = await ctx.CallActivityAsync<int>("Next", n);
                }

                return n;
            }));

        var result = await host.RunAsync("Steps", 50);

        Assert.Equal(50, result.ReadOutputAs<int>());
        // Replaying every episode would have run the loop body 50 × 51 / 2 times.
        Assert.Equal(50, Volatile.Read(ref observed));
    }
}
