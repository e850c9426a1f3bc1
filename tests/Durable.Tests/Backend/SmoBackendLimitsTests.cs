using Smo.Durable.Tests.Infrastructure;
using static Smo.Durable.Tests.Infrastructure.TestOrchestrations;

namespace Smo.Durable.Tests.Backend;

/// <summary>Limits Smo's backend puts on an episode (host.json <c>extensions.durableTask</c>); the reference backend has none.</summary>
[Trait("Category", "Integration")]
public sealed class SmoBackendLimitsTests
{
    [Fact]
    public async Task History_over_the_limit_fails_the_instance_and_points_to_ContinueAsNew()
    {
        await using var kind = new SmoBackendKind();
        kind.Configure = o => o.Limits.MaxHistoryEvents = 20;
        await using var host = await kind.StartHostAsync(r =>
        {
            RegisterHello(r);
            r.AddOrchestratorFunc<object?, int>("Endless", async (ctx, _) =>
            {
                while (true)
                {
                    await ctx.CallActivityAsync<string>("Echo", "again");
                }
            });
        });

        var result = await host.RunAsync("Endless");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("OrchestrationLimitExceeded", result.FailureDetails!.ErrorType);
        Assert.Contains("ContinueAsNew", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Episode_scheduling_more_actions_than_the_limit_fails_the_instance()
    {
        await using var kind = new SmoBackendKind();
        kind.Configure = o => o.Limits.MaxOrchestrationActions = 5;
        await using var host = await kind.StartHostAsync(r =>
        {
            RegisterHello(r);
            r.AddOrchestratorFunc<int, int>("Greedy", async (ctx, count) =>
                (await Task.WhenAll(Enumerable.Range(0, count).Select(_ => ctx.CallActivityAsync<string>("Echo", "x")))).Length);
        });

        var within = await host.RunAsync("Greedy", 5);
        var beyond = await host.RunAsync("Greedy", 6);

        Assert.Equal(5, within.ReadOutputAs<int>());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, beyond.RuntimeStatus);
        Assert.Contains("maxOrchestrationActions", beyond.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }
}
