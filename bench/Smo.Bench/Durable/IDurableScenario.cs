using Microsoft.DurableTask;

namespace Smo.Bench.Durable;

/// <summary>One workload of the durable suite: what it registers, how it drives a hub, and what it reports.</summary>
internal interface IDurableScenario
{
    string Name { get; }

    /// <summary>The workload's size, reported with every figure.</summary>
    IReadOnlyDictionary<string, object> Parameters { get; }

    void Register(DurableTaskRegistry registry);

    /// <summary>Runs the workload, checks every outcome, and returns the figures; throws <see cref="ScenarioFailedException"/> on a wrong outcome.</summary>
    Task<IReadOnlyList<Measurement>> RunAsync(BenchHub hub, CancellationToken cancellationToken);
}
