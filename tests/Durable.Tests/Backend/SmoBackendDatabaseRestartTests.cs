using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Backend;

/// <summary>The database goes away in the middle of load and comes back: every instance still completes, once.</summary>
[Trait("Category", "Integration")]
public sealed class SmoBackendDatabaseRestartTests
{
    private const int Instances = 40;
    private const int RunThrough = 5;

    [Fact]
    public async Task Every_instance_completes_after_a_postgres_restart_in_the_middle_of_load()
    {
        await using var database = await OwnPostgres.StartAsync();
        await using var kind = new SmoBackendKind(database.ConnectionString)
        {
            // Work claimed just before the restart is retaken once its lease ends.
            Configure = options =>
            {
                options.Limits.OrchestrationLease = TimeSpan.FromSeconds(2);
                options.Limits.ActivityLease = TimeSpan.FromSeconds(2);
                options.Limits.RetryDelay = TimeSpan.FromMilliseconds(200);
            },
        };
        // The first instances run through; the others hold their first activity until the database is down, so the
        // outage cuts work in flight, leases held and results on their way.
        var down = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<int[], int>("Slow", async (_, call) =>
            {
                if (call[0] > RunThrough)
                {
                    await down.Task;
                }

                return call[0] * call[1];
            })
            .AddOrchestratorFunc<int, int>("Sum", async (ctx, n) =>
            {
                var total = 0;
                for (var i = 1; i <= 5; i++)
                {
                    total += await ctx.CallActivityAsync<int>("Slow", new[] { n, i });
                }

                return total;
            }));
        var ids = new List<string>();
        for (var i = 1; i <= Instances; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("Sum", i));
        }

        await Eventually.TrueAsync(async () => await CompletedAsync(host, ids) == RunThrough, "the first instances complete before the restart");
        var before = await CompletedAsync(host, ids);
        await database.StopAsync();
        down.SetResult();
        await Task.Delay(TimeSpan.FromSeconds(2)); // results and renewals meet a database that is not there
        await database.StartAgainAsync();
        await Eventually.TrueAsync(async () => await CompletedAsync(host, ids) == Instances, "every instance completes after the restart", seconds: 120);

        Assert.True(before < Instances, "the restart came after all the work: it proves nothing");
        for (var i = 1; i <= Instances; i++)
        {
            var instance = await host.Client.GetInstanceAsync(ids[i - 1], getInputsAndOutputs: true);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, instance!.RuntimeStatus);
            Assert.Equal(15 * i, instance.ReadOutputAs<int>());
        }
    }

    /// <summary>How many have completed; while the database is down the answer is "not known yet" (-1).</summary>
    private static async Task<int> CompletedAsync(TestHost host, IReadOnlyList<string> ids)
    {
        try
        {
            var completed = 0;
            foreach (var id in ids)
            {
                if ((await host.Client.GetInstanceAsync(id, getInputsAndOutputs: false))?.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
                {
                    completed++;
                }
            }

            return completed;
        }
        catch (global::Grpc.Core.RpcException)
        {
            return -1;
        }
    }
}
