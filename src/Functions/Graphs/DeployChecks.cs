using Smo.Adapters;
using Smo.Adapters.Helm;
using Smo.Functions.Alerts;
using Smo.Functions.Clusters;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Http;
using Smo.Functions.Installs;
using Smo.Functions.Placement;
using Smo.Hdag;
using Smo.Hdag.Parsing;
using Smo.Solver.Strategies;
using Smo.Store.Clusters;

namespace Smo.Functions.Graphs;

/// <summary>
/// What a parsed descriptor must pass before anything is stored, cheapest first: known strategies, the scaling
/// interval's floor, the floor of conditional services' uninstall delay, chart references Smo hands to helm, replica
/// ceilings high availability fits under, PromQL Prometheus parses, a placement the federation can ever give it
/// (<see cref="Placeability"/>), and Helm releases the graph may take. Each refusal says where and why; a check that
/// cannot be made (Prometheus, Karmada or the cluster unreachable) is a 503, never a pass.
/// </summary>
/// <param name="availability">The host's high-availability setting; null: its default.</param>
public sealed class DeployChecks(StrategyRegistry strategies, GraphDefaults defaults, RuleExpressionCheck ruleExpressions, ReleaseOwnership releases,
    AlertWebhookOptions alerts, InventoryNotifier inventory, GraphTranslator translator, HighAvailabilityOptions? availability = null)
{
    private const int ErrorsInDetail = 5;

    private readonly HighAvailabilityOptions _availability = availability ?? new HighAvailabilityOptions();

    /// <summary>The first refusal for <paramref name="graph"/> deployed into <paramref name="project"/>; null when it may be stored.</summary>
    public async Task<IResult?> ProblemAsync(HdaGraph graph, string project, CancellationToken cancellationToken) =>
        UnknownStrategy(graph) ?? TooShortScalingInterval(graph) ?? TooShortUninstallDelay(graph) ?? ChartProblem(graph) ?? TooFewReplicasForAvailability(graph)
        ?? await RuleExpressionProblemAsync(graph, cancellationToken) ?? await PlacementProblemAsync(graph, cancellationToken)
        ?? await ReleaseConflictAsync(graph, project, cancellationToken);

    /// <summary>
    /// What the descriptor asks that Smo's placement reads its own way, to be listed with the parser's warnings: under
    /// static placement, services without a clustersAffinity (the strategy places them around the pinned ones), and
    /// high availability on a pinned service (it runs on its one cluster); a <c>replicasAcrossClusters</c> that high
    /// availability switched off makes moot.
    /// </summary>
    public IReadOnlyList<string> Warnings(HdaGraph graph) => [.. PlacementWarnings.Of(graph, defaults.PlacementStrategy, _availability).Select(w => w.Message)];

    /// <summary>
    /// 422 with every reason the graph can never be placed on the federation's clusters (<see cref="Placeability"/>);
    /// 503 when Karmada cannot be read.
    /// </summary>
    private async Task<IResult?> PlacementProblemAsync(HdaGraph graph, CancellationToken cancellationToken)
    {
        IReadOnlyList<ClusterRecord> clusters;
        try
        {
            clusters = await inventory.CurrentAsync(cancellationToken);
        }
        catch (AdapterException failure)
        {
            return TypedResults.Problem(detail: $"Whether the federation can place the graph could not be checked: {failure.Message}",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "The federation's clusters cannot be read now.",
                extensions: new Dictionary<string, object?> { ["where"] = "hdaGraph.services" });
        }

        var problems = Placeability.Problems(graph, clusters, translator, _availability);
        return problems.Count == 0 ? null : DescriptorProblem(problems, StatusCodes.Status422UnprocessableEntity, "The federation cannot place this graph.");
    }

    /// <summary>A highly available service whose <c>maxReplicas</c> is below its clusters: one replica each would not fit under it.</summary>
    private IResult? TooFewReplicasForAvailability(HdaGraph graph)
    {
        var errors = graph.Services
            .Select((service, index) => (Index: index, service.Scaling.MaxReplicas, Clusters: _availability.ClustersFor(graph.Intent, service.Intent.Availability)))
            .Where(s => s.MaxReplicas < s.Clusters)
            .Select(s => new HdagDiagnostic($"hdaGraph.services[{s.Index}].scaling.maxReplicas", null, $"maxReplicas {s.MaxReplicas}",
                $"at least {s.Clusters}: high availability runs a replica on each of {s.Clusters} clusters"))
            .ToList();
        return errors.Count == 0 ? null : DescriptorProblem(errors);
    }

    /// <summary>400 (or <paramref name="status"/>) listing the descriptor's errors, each with its path and position; <c>where</c> is the first.</summary>
    public static IResult DescriptorProblem(IReadOnlyList<HdagDiagnostic> errors, int status = StatusCodes.Status400BadRequest, string title = "The descriptor is not valid.")
    {
        var detail = string.Join(" ", errors.Take(ErrorsInDetail).Select(e => e.Message))
            + (errors.Count > ErrorsInDetail ? $" (and {errors.Count - ErrorsInDetail} more)" : "");
        return TypedResults.Problem(detail: detail, statusCode: status, title: title,
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
