using System.Text.Json;
using Smo.Functions.Scaling;
using Smo.Solver.Explanations;
using Smo.Store.Decisions;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>
/// Why each service of a graph runs where it does with the replicas it has, read from the decision log: the
/// explanation the latest placement that placed stored for it, and the one the newest scaling decision that decided
/// it stored, with the line a human reads.
/// </summary>
public static class ServiceWhys
{
    /// <summary>
    /// Scaling decisions read to find each service's newest: a tick records one per cluster the graph uses, so this
    /// covers a tick of a graph spread over this many clusters.
    /// </summary>
    public const int ScalingDecisionsRead = 20;

    private const string ExplanationProperty = "explanation";

    private static readonly DecisionKind[] PlacementKinds = [DecisionKind.Placement, DecisionKind.Replacement];
    private static readonly DecisionStatus[] Placed = [DecisionStatus.Optimal, DecisionStatus.Feasible];
    private static readonly DecisionStatus[] Decided = [DecisionStatus.Optimal, DecisionStatus.Feasible, DecisionStatus.Overloaded];

    public static async Task<IReadOnlyDictionary<string, ServiceWhyView>> ReadAsync(DecisionLog decisions, GraphRecord graph, CancellationToken cancellationToken)
    {
        var placement = (await decisions.LatestAsync(graph.Name, PlacementKinds, Placed, 1, cancellationToken)).FirstOrDefault();
        var scaling = await decisions.LatestAsync(graph.Name, [DecisionKind.Scaling], Decided, ScalingDecisionsRead, cancellationToken);
        return Of(graph, placement, scaling);
    }

    /// <param name="scaling">Scaling decisions, newest first.</param>
    public static IReadOnlyDictionary<string, ServiceWhyView> Of(GraphRecord graph, DecisionRecord? placement, IReadOnlyList<DecisionRecord> scaling)
    {
        var placed = (placement is null ? [] : Explanations<ServicePlacementExplanation>(placement)).ToDictionary(e => e.Service, StringComparer.Ordinal);
        var scaled = new Dictionary<string, (ServiceScalingExplanation Explanation, DecisionRecord Decision)>(StringComparer.Ordinal);
        foreach (var decision in scaling)
        {
            foreach (var explanation in Explanations<ServiceScalingExplanation>(decision))
            {
                scaled.TryAdd(explanation.Service, (explanation, decision));
            }
        }

        return graph.Services.ToDictionary(s => s.Name, s =>
        {
            var where = placed.GetValueOrDefault(s.Name);
            var (replicas, scaledBy) = scaled.GetValueOrDefault(s.Name);
            return new ServiceWhyView(
                where, where is null ? null : WhyDecision.Of(placement!),
                replicas, scaledBy is null ? null : WhyDecision.Of(scaledBy),
                WhyHere.Line(where, replicas));
        }, StringComparer.Ordinal);
    }

    /// <summary>
    /// The explanations a decision stored with its result; none for a decision recorded before decisions explained
    /// themselves, or whose result is not in the shape this version writes.
    /// </summary>
    private static IReadOnlyList<T> Explanations<T>(DecisionRecord decision)
    {
        if (decision.Result.ValueKind != JsonValueKind.Object || !decision.Result.TryGetProperty(ExplanationProperty, out var stored))
        {
            return [];
        }

        try
        {
            return stored.Deserialize<List<T>>(DecisionRecording.Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

/// <summary>Why a service runs where it does with its replicas: the explanations of the decisions that set them, and one line for humans.</summary>
/// <param name="Placement">From the latest placement that placed the graph; null when none explains the service (static placement, or none yet).</param>
/// <param name="Scaling">From the newest scaling decision that decided the service; null when none has.</param>
/// <param name="WhyHere">One line: the cluster and its cost, the next best, what binds, the replicas and what set them.</param>
public sealed record ServiceWhyView(
    ServicePlacementExplanation? Placement, WhyDecision? PlacementDecision, ServiceScalingExplanation? Scaling, WhyDecision? ScalingDecision, string WhyHere);

/// <summary>The decision an explanation comes from.</summary>
public sealed record WhyDecision(DateTimeOffset At, string Kind, string Strategy, string Status)
{
    public static WhyDecision Of(DecisionRecord decision) => new(decision.CreatedAt, decision.Kind.ToString(), decision.Strategy, decision.Status.ToString());
}
