using System.Text.Json;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Http;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Placement;
using Smo.Solver.Strategies;

namespace Smo.Functions.Graphs;

/// <summary>
/// What an <c>execute_strategy/{strategy}</c> asks: the strategy by name — a placement strategy, or a scaling one —
/// and the optional JSON body <c>{"kind", "weights", "timeLimitSeconds", "workers", "seed"}</c>. <c>kind</c>
/// (<c>placement</c> or <c>scaling</c>) is needed only for a name both kinds have (<c>smo-milp</c>: placement unless
/// it says scaling); the time limit (at most <see cref="GraphDefaults.MaxStrategyTimeLimit"/>), workers (at most
/// <see cref="GraphDefaults.MaxStrategyWorkers"/>) and seed are the solver's for this placement, and a scaling
/// decision takes none of them. Bad input is a 400 (an unknown strategy a 404) before anything changes.
/// </summary>
public sealed class StrategyRunReader(StrategyRegistry strategies, GraphDefaults defaults)
{
    /// <summary>Characters the body may have: every field with seven weights takes about 300.</summary>
    public const int MaxLength = 4096;

    /// <summary>The body, as the API document describes it.</summary>
    public const string Description = "Optional. {\"kind\": \"placement\" or \"scaling\" (needed only for a name both kinds have; "
        + "placement unless it says scaling), \"weights\": {term: number} the graph adopts over its own, "
        + "\"timeLimitSeconds\", \"workers\", \"seed\": the solver's for this placement (not for scaling)}.";

    private const string Kind = "kind";
    private const string Weights = "weights";
    private const string TimeLimitSeconds = "timeLimitSeconds";
    private const string Workers = "workers";
    private const string Seed = "seed";

    private static readonly string[] Fields = [Kind, Weights, TimeLimitSeconds, Workers, Seed];

    /// <summary>The strategy's own name and the run, or the answer why not.</summary>
    public (string Strategy, StrategyRun Run)? Read(string strategy, JsonElement? body, out IResult? problem)
    {
        problem = null;
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (body is { ValueKind: not JsonValueKind.Null } given)
        {
            if (given.ValueKind != JsonValueKind.Object)
            {
                problem = Problems.BadRequest($"The body must be a JSON object with {string.Join(", ", Fields)} (each optional); it is a JSON {given.ValueKind.ToString().ToLowerInvariant()}.", "body");
                return null;
            }

            foreach (var property in given.EnumerateObject())
            {
                if (!Fields.Contains(property.Name, StringComparer.Ordinal) || !fields.TryAdd(property.Name, property.Value))
                {
                    problem = Problems.BadRequest($"The body takes {string.Join(", ", Fields)}, each once.", Fields.Contains(property.Name, StringComparer.Ordinal) ? $"body.{property.Name}" : "body");
                    return null;
                }
            }
        }

        var kind = KindOf(fields, out problem);
        if (problem is not null || Resolve(strategy, kind, out problem) is not { } resolved)
        {
            return null;
        }

        IReadOnlyDictionary<string, double>? weights = null;
        if (fields.TryGetValue(Weights, out var weightsField))
        {
            (weights, problem) = WeightsBody.Read(weightsField, $"body.{Weights}");
            if (problem is not null)
            {
                return null;
            }
        }

        var solver = SolverOptionsOf(fields, resolved.Kind, out problem);
        return problem is null ? (resolved.Name, new StrategyRun(resolved.Kind, weights, solver)) : null;
    }

    private static StrategyKind? KindOf(Dictionary<string, JsonElement> fields, out IResult? problem)
    {
        problem = null;
        if (!fields.TryGetValue(Kind, out var kind))
        {
            return null;
        }

        switch (kind.ValueKind == JsonValueKind.String ? kind.GetString() : null)
        {
            case "placement":
                return StrategyKind.Placement;
            case "scaling":
                return StrategyKind.Scaling;
            default:
                problem = Problems.BadRequest("kind must be \"placement\" or \"scaling\".", $"body.{Kind}");
                return null;
        }
    }

    /// <summary>The strategy's canonical name and kind: the kind asked for, else placement if such a strategy exists, else scaling.</summary>
    private (string Name, StrategyKind Kind)? Resolve(string strategy, StrategyKind? kind, out IResult? problem)
    {
        problem = null;
        if ((kind is null or StrategyKind.Placement) && strategies.UnknownPlacement(strategy) is null)
        {
            return (strategies.Placement(strategy).Name, StrategyKind.Placement);
        }

        if ((kind is null or StrategyKind.Scaling) && strategies.UnknownScaling(strategy) is null)
        {
            return (strategies.Scaling(strategy).Name, StrategyKind.Scaling);
        }

        problem = Problems.NotFound(kind switch
        {
            StrategyKind.Placement => strategies.UnknownPlacement(strategy)!,
            StrategyKind.Scaling => strategies.UnknownScaling(strategy)!,
            _ => $"No placement or scaling strategy is named '{strategy}'; placement: {string.Join(", ", strategies.PlacementNames)}; scaling: {string.Join(", ", strategies.ScalingNames)}.",
        });
        return null;
    }

    /// <summary>The solver's options for this placement when the body gives any; a scaling decision takes none.</summary>
    private SolverOptions? SolverOptionsOf(Dictionary<string, JsonElement> fields, StrategyKind kind, out IResult? problem)
    {
        problem = null;
        var given = new[] { TimeLimitSeconds, Workers, Seed }.Where(fields.ContainsKey).ToList();
        if (given.Count == 0)
        {
            return null;
        }

        if (kind == StrategyKind.Scaling)
        {
            problem = Problems.BadRequest(
                $"{given[0]} is for placement strategies; a scaling decision runs within Smo:Graphs:{nameof(GraphDefaults.ScalingTimeLimit)} on one worker.", $"body.{given[0]}");
            return null;
        }

        var maxSeconds = defaults.MaxStrategyTimeLimit.TotalSeconds;
        var seconds = defaults.PlacementTimeLimit.TotalSeconds;
        if (fields.TryGetValue(TimeLimitSeconds, out var time) && !(time.ValueKind == JsonValueKind.Number && time.TryGetDouble(out seconds) && seconds > 0 && seconds <= maxSeconds))
        {
            problem = Problems.BadRequest($"timeLimitSeconds must be a number above 0 and at most {maxSeconds:0.###} (Smo:Graphs:{nameof(GraphDefaults.MaxStrategyTimeLimit)}).", $"body.{TimeLimitSeconds}");
            return null;
        }

        var workers = 1;
        if (fields.TryGetValue(Workers, out var threads) && !(threads.ValueKind == JsonValueKind.Number && threads.TryGetInt32(out workers) && workers >= 1 && workers <= defaults.MaxStrategyWorkers))
        {
            problem = Problems.BadRequest($"workers must be a whole number from 1 to {defaults.MaxStrategyWorkers} (Smo:Graphs:{nameof(GraphDefaults.MaxStrategyWorkers)}).", $"body.{Workers}");
            return null;
        }

        var seed = 0;
        if (fields.TryGetValue(Seed, out var seedField) && !(seedField.ValueKind == JsonValueKind.Number && seedField.TryGetInt32(out seed) && seed >= 0))
        {
            problem = Problems.BadRequest("seed must be a whole number from 0 to 2147483647.", $"body.{Seed}");
            return null;
        }

        return new SolverOptions(TimeSpan.FromSeconds(seconds), workers, seed);
    }
}
