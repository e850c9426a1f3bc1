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
