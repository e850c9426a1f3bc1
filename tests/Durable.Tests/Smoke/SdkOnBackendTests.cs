using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Smoke;

public sealed class SdkOnBackendTests
{
    [Fact]
    public async Task Hello_cities_runs_through_the_sdk_on_the_postgres_backend()
    {
        await using var kind = new SmoBackendKind();
        await using var host = await kind.StartHostAsync(r => r
            .AddActivityFunc<string, string>("Echo", (_, input) => input)
            .AddOrchestratorFunc<string[], string>("Hello", async (ctx, cities) =>
            {
                var greetings = new List<string>();
                foreach (var city in cities)
                {
                    greetings.Add(await ctx.CallActivityAsync<string>("Echo", $"Hello {city}"));
                }

                await ctx.CreateTimer(TimeSpan.FromMilliseconds(100), CancellationToken.None);
                return string.Join(", ", greetings);
            }));

        var result = await host.RunAsync("Hello", new[] { "Tokyo", "Seattle", "London" });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("Hello Tokyo, Hello Seattle, Hello London", result.ReadOutputAs<string>());
    }
}

public sealed class EternalSmokeTests
{
    [Fact]
    public async Task Eternal_orchestration_with_timer_continues_as_new()
    {
        await using var kind = new SmoBackendKind();
        await using var host = await kind.StartHostAsync(r => r
            .AddOrchestratorFunc<int, int>("Loop", async (ctx, n) =>
            {
                await ctx.CreateTimer(TimeSpan.FromMilliseconds(200), CancellationToken.None);
                if (n < 3)
                {
                    ctx.ContinueAsNew(n + 1);
                    return -1;
                }

                return n;
            }));

        var result = await host.RunAsync("Loop", 0);

        Assert.Equal(3, result.ReadOutputAs<int>());
    }
}

public sealed class EternalRaceSmokeTests
{
    [Fact]
    public async Task Eternal_orchestration_racing_a_timer_and_an_event_ticks()
    {
        await using var kind = new SmoBackendKind();
        await using var host = await kind.StartHostAsync(r => r
            .AddOrchestratorFunc<int, int>("Ticker", async (ctx, n) =>
            {
                ctx.SetCustomStatus(new { step = "waiting", ticks = n });
                using var cancel = new CancellationTokenSource();
                var timer = ctx.CreateTimer(ctx.CurrentUtcDateTime.AddMilliseconds(300), cancel.Token);
                var command = ctx.WaitForExternalEvent<string>("command");
                if (await Task.WhenAny(timer, command) == command)
                {
                    cancel.Cancel();
                    return n;
                }

                ctx.ContinueAsNew(n + 1);
                return -1;
            }));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Ticker", 0);
        await Eventually.TrueAsync(async () =>
            await host.Client.GetInstanceAsync(id, true) is { SerializedCustomStatus: not null } m
            && m.ReadCustomStatusAs<System.Text.Json.JsonElement>().GetProperty("ticks").GetInt32() >= 3, "three ticks");
        await host.Client.RaiseEventAsync(id, "command", "stop");
        var result = await host.WaitAsync(id);

        Assert.True(result.ReadOutputAs<int>() >= 3);
    }
}
