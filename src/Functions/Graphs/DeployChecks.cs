using Smo.Adapters;
using Smo.Adapters.Helm;
using Smo.Functions.Alerts;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Http;
using Smo.Functions.Installs;
using Smo.Hdag;
using Smo.Hdag.Parsing;
using Smo.Solver.Strategies;

namespace Smo.Functions.Graphs;

/// <summary>
/// What a parsed descriptor must pass before anything is stored, cheapest first: known strategies, the scaling
/// interval's floor, the floor of conditional services' uninstall delay, chart references Smo hands to helm, PromQL Prometheus parses, and Helm releases the graph may
/// take. Each refusal says where and why; a check that cannot be made (Prometheus or the cluster unreachable) is a
/// 503, never a pass.
/// </summary>
public sealed class DeployChecks(StrategyRegistry strategies, GraphDefaults defaults, RuleExpressionCheck ruleExpressions, ReleaseOwnership releases,
    AlertWebhookOptions alerts)
{
    private const int ErrorsInDetail = 5;

    /// <summary>The first refusal for <paramref name="graph"/> deployed into <paramref name="project"/>; null when it may be stored.</summary>
    public async Task<IResult?> ProblemAsync(HdaGraph graph, string project, CancellationToken cancellationToken) =>
        UnknownStrategy(graph) ?? TooShortScalingInterval(graph) ?? TooShortUninstallDelay(graph) ?? ChartProblem(graph)
        ?? await RuleExpressionProblemAsync(graph, cancellationToken) ?? await ReleaseConflictAsync(graph, project, cancellationToken);

    /// <summary>400 listing the descriptor's errors, each with its path and position; <c>where</c> is the first.</summary>
    public static IResult DescriptorProblem(IReadOnlyList<HdagDiagnostic> errors)
    {
        var detail = string.Join(" ", errors.Take(ErrorsInDetail).Select(e => e.Message))
            + (errors.Count > ErrorsInDetail ? $" (and {errors.Count - ErrorsInDetail} more)" : "");
        return TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "The descriptor is not valid.",
            extensions: new Dictionary<string, object?>
            {
                ["where"] = errors[0].Path,
                ["why"] = errors[0].Why,
                ["errors"] = errors.Select(e => new
                {
                    path = e.Path, line = e.Location?.Line, column = e.Location?.Column, found = e.Found, expected = e.Expected, original = e.Original, message = e.Message,
                }),
            });
    }

    /// <summary>Chart references Smo will not hand to helm (see <see cref="HelmChartReference"/>), each at its path.</summary>
    private static IResult? ChartProblem(HdaGraph graph)
    {
        var errors = graph.Services
            .Select((service, index) => (Path: $"hdaGraph.services[{index}].artifact.ociImage", Problem: HelmChartReference.Problem(service.Artifact.OciImage)))
            .Where(c => c.Problem is not null)
            .Select(c => new HdagDiagnostic(c.Path, null, c.Problem!, "oci://host/path, an http(s):// chart URL or repo/chart"))
            .ToList();
        return errors.Count == 0 ? null : DescriptorProblem(errors);
    }

    /// <summary>409 naming the owner when a release or Deployment the graph needs belongs to someone else; 503 when helm cannot say.</summary>
    private async Task<IResult?> ReleaseConflictAsync(HdaGraph graph, string project, CancellationToken cancellationToken)
    {
        try
        {
            return await releases.ConflictAsync(graph, project, cancellationToken) is { } conflict ? Problems.Conflict(conflict) : null;
        }
        catch (AdapterException failure)
        {
            return TypedResults.Problem(detail: $"Whether the graph's Helm releases are free could not be checked: {failure.Message}",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "The cluster cannot be asked now.");
        }
    }

    /// <summary>400 for PromQL Prometheus does not parse; 503 when Prometheus cannot be asked (nothing is stored unchecked).</summary>
    private async Task<IResult?> RuleExpressionProblemAsync(HdaGraph graph, CancellationToken cancellationToken)
    {
        try
        {
            var errors = await ruleExpressions.ErrorsAsync(graph, cancellationToken);
            return errors.Count == 0 ? null : DescriptorProblem(errors);
        }
        catch (RuleCheckUnavailableException unavailable)
        {
            return TypedResults.Problem(detail: unavailable.Message, statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The descriptor's alert rules cannot be checked now.", extensions: new Dictionary<string, object?> { ["where"] = "hdaGraph.services" });
        }
    }

    private IResult? UnknownStrategy(HdaGraph graph) =>
        graph.PlacementStrategy is { } placement && strategies.UnknownPlacement(placement) is { } unknownPlacement
            ? Problems.BadRequest(unknownPlacement, "hdaGraph.placementStrategy")
            : graph.ScalingStrategy is { } scaling && strategies.UnknownScaling(scaling) is { } unknownScaling
                ? Problems.BadRequest(unknownScaling, "hdaGraph.scalingStrategy")
                : null;

    /// <summary>An uninstall delay under <see cref="AlertWebhookOptions.MinUninstallAfterResolved"/>, at its path.</summary>
    private IResult? TooShortUninstallDelay(HdaGraph graph) =>
        graph.Services
            .Select((service, index) => (Index: index, After: service.Trigger.Event?.UninstallAfterResolved))
            .FirstOrDefault(s => s.After < alerts.MinUninstallAfterResolved) is { After: { } after } tooShort
            ? Problems.BadRequest(
                $"uninstallAfterResolved {after.TotalMilliseconds:0} ms is shorter than this host's floor of {alerts.MinUninstallAfterResolved.TotalMilliseconds:0} ms "
                + $"({AlertWebhookOptions.Section}:{nameof(AlertWebhookOptions.MinUninstallAfterResolved)}).",
                $"hdaGraph.services[{tooShort.Index}].deployment.trigger.event.uninstallAfterResolved")
            : null;

    /// <summary>A scaling loop faster than <see cref="GraphDefaults.MinScalingInterval"/> would make one graph a flood of episodes and queries.</summary>
    private IResult? TooShortScalingInterval(HdaGraph graph) =>
        graph.ScalingInterval is { } interval && interval < defaults.MinScalingInterval
            ? Problems.BadRequest(
                $"scalingInterval {interval.TotalMilliseconds:0} ms is shorter than this host's floor of {defaults.MinScalingInterval.TotalMilliseconds:0} ms (Smo:Graphs:{nameof(GraphDefaults.MinScalingInterval)}).",
                "hdaGraph.scalingInterval")
            : null;
}
