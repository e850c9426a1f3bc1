using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Smo.Durable.Replay;
using Smo.Durable.Storage;
using Smo.Durable.Tests.Infrastructure;

namespace Smo.Durable.Tests.Conformance;

/// <summary>
/// The store contract, one test per invariant of the runtime's design. Every test runs against each store kind
/// through the derived classes.
/// </summary>
public abstract partial class ConformanceSuite
{
    protected abstract StoreKind NewStoreKind();

    protected static readonly TimeSpan LongLease = TimeSpan.FromSeconds(30);

    /// <summary>Echo activity plus an orchestrator calling it in sequence for each input word.</summary>
    protected static void RegisterHello(DurableTaskRegistry registry) => registry
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

    private protected static OrchestrationExecutor NewExecutor(DurableTaskRegistry registry) =>
        new(registry, new ServiceCollection().BuildServiceProvider(), DataConverter.Default, NullLoggerFactory.Instance, new DurableTaskWorkerOptions());

    protected static DurableTaskClient BareClient(IOrchestrationStore store) => new(store, DataConverter.Default, TimeProvider.System);

    protected static HistoryEvent Completed(ActivityWorkItem item, string result) =>
        new(HistoryEventType.TaskCompleted, item.TaskId, item.Name, DataConverter.Default.Serialize(result), DateTime.UtcNow);

    protected static async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(IOrchestrationStore store, string instanceId) =>
        await store.GetHistoryAsync(instanceId, CancellationToken.None);

    protected static async Task<bool> HasEventAsync(IOrchestrationStore store, string instanceId, HistoryEventType type) =>
        (await HistoryAsync(store, instanceId)).Any(e => e.Type == type);

    protected static async Task<OrchestrationRuntimeStatus?> StatusAsync(IOrchestrationStore store, string instanceId) =>
        (await store.GetInstanceAsync(instanceId, CancellationToken.None))?.Status;
}

public sealed class InMemoryConformanceTests : ConformanceSuite
{
    protected override StoreKind NewStoreKind() => new InMemoryStoreKind();
}

[Trait("Category", "Integration")]
public sealed class PostgresConformanceTests : ConformanceSuite
{
    protected override StoreKind NewStoreKind() => new PostgresStoreKind();
}
