using Microsoft.DurableTask;

namespace Smo.Bench.Durable;

/// <summary>One instance calling many activities at once and awaiting them all: parallel activity throughput.</summary>
internal sealed class FanOutScenario : IDurableScenario
{
    public const int Width = 1_000;
    public const string ScenarioName = "fanout1000";

    private const string Orchestrator = "FanOut";
    private const string Echo = "EchoNumber";

    public string Name => ScenarioName;

    public IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object> { ["fanout"] = Width };

    public void Register(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<int, int[]>(Orchestrator, async (context, width) =>
            await Task.WhenAll(Enumerable.Range(0, width).Select(i => context.CallActivityAsync<int>(Echo, i))))
        .AddActivityFunc<int, int>(Echo, (_, number) => number);

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchHub hub, CancellationToken cancellationToken)
    {
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, Width, cancellationToken);
        var done = await hub.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken);

        InstanceChecks.RequireAllCorrect([done], 1, i => i.ReadOutputAs<int[]>()?.SequenceEqual(Enumerable.Range(0, Width)) == true);
        var seconds = (done.LastUpdatedAt - done.CreatedAt).TotalSeconds;
        return [new($"{ScenarioName}_activities_per_s", Width / seconds, Units.ActivitiesPerSecond)];
    }
}
