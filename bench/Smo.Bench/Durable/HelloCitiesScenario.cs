using Microsoft.DurableTask;

namespace Smo.Bench.Durable;

/// <summary>The classic Durable Functions sample at volume: many instances, each calling five activities in sequence.</summary>
internal sealed class HelloCitiesScenario(int instances) : IDurableScenario
{
    public const string ScenarioName = "hellocities5";

    private const string Orchestrator = "HelloCities";
    private const string Echo = "Echo";

    /// <summary>An activity call is two history events: the TaskScheduled written and the TaskCompleted received.</summary>
    private const int EventsPerActivityCall = 2;

    private const double MedianPercentile = 50;
    private const double TailPercentile = 95;

    private static readonly IReadOnlyList<string> Cities = ["Tokyo", "Seattle", "London", "Lima", "Oslo"];

    /// <summary>
    /// Work items one instance needs: an episode for the start and one per activity result (each result wakes the
    /// orchestrator, which schedules the next call or completes), plus the activity executions themselves.
    /// </summary>
    private static readonly int EpisodesPerInstance = Cities.Count + 1;

    private static readonly int WorkItemsPerInstance = EpisodesPerInstance + Cities.Count;

    private long _episodesRun;
    private long _activitiesRun;

    public string Name => ScenarioName;

    public IReadOnlyDictionary<string, object> Parameters => new Dictionary<string, object>
    {
        ["instances"] = instances,
        ["activitiesPerInstance"] = Cities.Count,
        ["workItemsPerInstance"] = WorkItemsPerInstance,
    };

    public void Register(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<object?, List<string>>(Orchestrator, async (context, _) =>
        {
            // Not replay-safe on purpose: the SDK runs the function once per episode, and that is what is counted.
            Interlocked.Increment(ref _episodesRun);
            var echoes = new List<string>(Cities.Count);
            foreach (var city in Cities)
            {
                echoes.Add(await context.CallActivityAsync<string>(Echo, city));
            }

            return echoes;
        })
        .AddActivityFunc<string, string>(Echo, (_, city) =>
        {
            Interlocked.Increment(ref _activitiesRun);
            return city;
        });

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchHub hub, CancellationToken cancellationToken)
    {
        var firstStart = TimeProvider.System.GetUtcNow();
        await hub.ScheduleManyAsync(Orchestrator, instances, _ => null, cancellationToken);
        var finished = await hub.WaitForAllAsync(cancellationToken);

        InstanceChecks.RequireAllCorrect(finished, instances, i => i.ReadOutputAs<List<string>>()?.SequenceEqual(Cities) == true);
        var wall = (finished.Max(i => i.LastUpdatedAt) - firstStart).TotalSeconds;
        var latencies = finished.Select(i => (i.LastUpdatedAt - i.CreatedAt).TotalMilliseconds).ToList();
        // Runs above the scenario's own work items are redone work (a retried episode or activity); they are shown, not counted.
        var observed = new Dictionary<string, object>
        {
            ["episodesRun"] = Interlocked.Read(ref _episodesRun),
            ["activitiesRun"] = Interlocked.Read(ref _activitiesRun),
            ["seconds"] = Math.Round(wall, 2),
        };
        return
        [
            new($"{ScenarioName}_orchestrations_per_s", instances / wall, Units.OrchestrationsPerSecond),
            new($"{ScenarioName}_events_per_s", (double)instances * Cities.Count * EventsPerActivityCall / wall, Units.EventsPerSecond),
            new("work_items_per_s", (double)instances * WorkItemsPerInstance / wall, Units.WorkItemsPerSecond, observed),
            new($"{ScenarioName}_latency_ms_p50", Percentiles.Of(latencies, MedianPercentile), Units.Milliseconds),
            new($"{ScenarioName}_latency_ms_p95", Percentiles.Of(latencies, TailPercentile), Units.Milliseconds),
        ];
    }
}
