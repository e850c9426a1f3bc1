using System.Globalization;
using System.Text.Json;
using Smo.Store;
using Smo.Store.Events;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>
/// Changes a graph's strategies and weights in the store — for <c>PUT /graphs/{name}/weights</c> and for what an
/// <c>execute_strategy</c> adopts — and records each change as an event saying from what to what. Decisions read
/// the stored graph each time, so the next one uses the change; no orchestration needs telling.
/// </summary>
public sealed class GraphTuning(GraphStore graphs, EventLog events)
{
    /// <summary>Writes that meet a newer version of the graph (a placement stored meanwhile) read it again, this many times in all.</summary>
    private const int Attempts = 5;

    public const string WeightsChanged = "weights-changed";
    public const string StrategyChanged = "strategy-changed";

    /// <summary>Applies <paramref name="change"/> to the graph's strategies; returns them as stored after, or null when there is no such graph.</summary>
    public async Task<GraphStrategies?> ChangeAsync(string graph, Func<GraphStrategies, GraphStrategies> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await graphs.GetAsync(graph, cancellationToken) is not { } record)
            {
                return null;
            }

            var before = record.Strategies;
            var after = change(before);
            if (Same(before, after))
            {
                return before;
            }

            try
            {
                await graphs.SetStrategiesAsync(graph, after, record.Version, cancellationToken);
                await RecordAsync(graph, before, after, cancellationToken);
                return after;
            }
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
            }
            catch (KeyNotFoundException)
            {
                // Removed meanwhile.
                return null;
            }
        }
    }

    private async Task RecordAsync(string graph, GraphStrategies before, GraphStrategies after, CancellationToken cancellationToken)
    {
        if (before.PlacementStrategy != after.PlacementStrategy)
        {
            await events.AppendAsync(new NewEvent(graph, null, StrategyChanged,
                $"Placement strategy changed from {before.PlacementStrategy} to {after.PlacementStrategy}."), cancellationToken);
        }

        if (before.ScalingStrategy != after.ScalingStrategy)
        {
            await events.AppendAsync(new NewEvent(graph, null, StrategyChanged,
                $"Scaling strategy changed from {before.ScalingStrategy} to {after.ScalingStrategy}."), cancellationToken);
        }

        if (!SameWeights(before.Weights, after.Weights))
        {
            await events.AppendAsync(new NewEvent(graph, null, WeightsChanged,
                $"Weights changed from {Describe(before.Weights)} to {Describe(after.Weights)}.",
                JsonSerializer.SerializeToElement(new { from = before.Weights, to = after.Weights })), cancellationToken);
        }
    }

    private static bool Same(GraphStrategies before, GraphStrategies after) =>
        before.PlacementStrategy == after.PlacementStrategy && before.ScalingStrategy == after.ScalingStrategy
        && before.ScalingInterval == after.ScalingInterval && SameWeights(before.Weights, after.Weights);

    private static bool SameWeights(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after) =>
        before.Count == after.Count && before.All(weight => after.TryGetValue(weight.Key, out var other) && other.Equals(weight.Value));

    /// <summary>"transition=0.1, utilisation=0.6" by term name, or what an empty set means.</summary>
    private static string Describe(IReadOnlyDictionary<string, double> weights) =>
        weights.Count == 0
            ? "the defaults"
            : string.Join(", ", weights.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}={w.Value.ToString(CultureInfo.InvariantCulture)}"));
}
