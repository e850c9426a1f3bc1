using Microsoft.Azure.Functions.Worker;
using Smo.Functions.Graphs.Translation;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>
/// The first step of an <c>execute_strategy</c>: the graph takes the strategy as its own of that kind, and the run's
/// weights over its own, so the decision that follows — and every later one — uses them. Repeating it changes nothing.
/// </summary>
public sealed class AdoptStrategyActivity(GraphTuning tuning)
{
    [Function(GraphActivities.AdoptStrategy)]
    public async Task<bool> RunAsync([ActivityTrigger] StrategyAdoption input, CancellationToken cancellationToken)
    {
        var adopted = await tuning.ChangeAsync(input.Graph, strategies =>
        {
            var weights = input.Weights is { } changes ? WeightTerms.Merge(strategies.Weights, changes) : strategies.Weights;
            return input.Kind == StrategyKind.Scaling
                ? strategies with { ScalingStrategy = input.Strategy, Weights = weights }
                : strategies with { PlacementStrategy = input.Strategy, Weights = weights };
        }, cancellationToken);
        return adopted is not null
            ? true
            : throw new InvalidOperationException($"Graph '{input.Graph}' is not stored (removed while its orchestration ran?).");
    }
}
