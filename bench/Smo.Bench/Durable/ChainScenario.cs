using Microsoft.DurableTask;

namespace Smo.Bench.Durable;

/// <summary>One instance calling an activity many times in sequence: the round trip of a single activity call.</summary>
internal sealed class ChainScenario(int length) : IDurableScenario
{
    public const string ScenarioName = "chain";

    private const string Orchestrator = "Chain";
    private const string Echo = "EchoNumber";

    public string Name => ScenarioName;

    public IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object> { ["chain"] = length };

    public void Register(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<int, int>(Orchestrator, async (context, count) =>
        {
            var echoed = 0;
            for (var i = 0; i < count; i++)
            {
                echoed += await context.CallActivityAsync<int>(Echo, i) == i ? 1 : 0;
            }

            return echoed;
        })
        .AddActivityFunc<int, int>(Echo, (_, number) => number);

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchHub hub, CancellationToken cancellationToken)
    {
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, length, cancellationToken);
        var done = await hub.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken);

        InstanceChecks.RequireAllCorrect([done], 1, i => i.ReadOutputAs<int>() == length);
        var seconds = (done.LastUpdatedAt - done.CreatedAt).TotalSeconds;
        return [new($"{ScenarioName}_activities_per_s", length / seconds, Units.ActivitiesPerSecond)];
    }
}
