namespace Smo.Durable.Tests.Infrastructure;

/// <summary>The orchestrators and activities several tests run, registered by name.</summary>
public static class TestOrchestrations
{
    /// <summary>A no-op orchestration, the barrier <see cref="TestHost.SettleAsync"/> runs; every test host registers it.</summary>
    public const string Settle = "Settle";

    public static void RegisterSettle(DurableTaskRegistry registry) =>
        registry.AddOrchestratorFunc<object?, bool>(Settle, (_, _) => true);

    /// <summary>"Echo" activity plus "Hello", which greets each input city through it in sequence.</summary>
    public static void RegisterHello(DurableTaskRegistry registry) => registry
        .AddActivityFunc<string, string>("Echo", (_, input) => input)
        .AddOrchestratorFunc<string[], string>("Hello", async (ctx, cities) =>
        {
            var greetings = new List<string>();
            foreach (var city in cities)
            {
                greetings.Add(await ctx.CallActivityAsync<string>("Echo", $"Hello {city}"));
            }

            return string.Join(", ", greetings);
        });

    /// <summary>"Waiter" returns the first "value" event it receives.</summary>
    public static void RegisterWaiter(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<object?, int>("Waiter", async (ctx, _) => await ctx.WaitForExternalEvent<int>("value"));

    /// <summary>
    /// "Counter" takes one "add" event per execution and continues as new with the values seen so far, until it has
    /// seen <paramref name="events"/>; it returns them in the order it received them.
    /// </summary>
    public static void RegisterCounter(DurableTaskRegistry registry, int events) => registry
        .AddOrchestratorFunc<int[], int[]>("Counter", async (ctx, seen) =>
        {
            if (seen.Length == events)
            {
                return seen;
            }

            var value = await ctx.WaitForExternalEvent<int>("add");
            ctx.ContinueAsNew((int[])[.. seen, value]);
            return [];
        });
}
