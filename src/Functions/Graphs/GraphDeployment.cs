using System.Text.Json;
using System.Text.RegularExpressions;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Smo.Adapters;
using Smo.Adapters.Oci;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Http;
using Smo.Functions.Placement;
using Smo.Hdag.Parsing;
using Smo.Orchestrations.Graphs;
using Smo.Store.Events;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>
/// A deploy request from body to running orchestration: the descriptor (YAML, JSON, a JSON string holding either,
/// or <c>{"artifact": "oci://..."}</c>) parsed and checked, stored with its services in one transaction, and its
/// orchestration started. Any refusal happens before anything is stored; a failed start removes what was stored.
/// </summary>
/// <param name="artifacts">The OCI registry, when one is configured (<c>Smo:Oci</c>): deploys may then name an artifact.</param>
public sealed partial class GraphDeployment(HdagParser parser, GraphTranslator translator, GraphStore graphs, EventLog events,
    WhatIfPlans whatIf, DryRunGate dryRuns, DeployChecks checks, IHdagArtifacts? artifacts = null)
{
    /// <summary>The event kind that keeps a deploy's descriptor warnings with the graph, beside the deploy's answer.</summary>
    public const string DescriptorWarningsEvent = "descriptor-warnings";

    private const string ArtifactKey = "artifact";

    /// <summary>How long a deploy waits for the orchestration of a just-removed graph of the same name to end.</summary>
    private static readonly TimeSpan PreviousOrchestrationWait = TimeSpan.FromSeconds(15);

    public async Task<IResult> DeployAsync(string project, string body, HttpRequest request, DurableTaskClient client)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (!ProjectName().IsMatch(project))
        {
            return Problems.BadRequest($"The project '{project}' is not a valid Kubernetes namespace: lower-case letters, digits and '-', at most 63, starting and ending with a letter or digit.", "route: project");
        }

        var (text, artifactProblem) = await DescriptorTextAsync(body, cancellationToken);
        if (artifactProblem is not null)
        {
            return artifactProblem;
        }

        var parsed = parser.Parse(text!);
        if (parsed.Graph is not { } graph)
        {
            return DeployChecks.DescriptorProblem(parsed.Errors);
        }

        if (await checks.ProblemAsync(graph, project, cancellationToken) is { } graphProblem)
        {
            return graphProblem;
        }

        var (dryRun, dryRunProblem) = WhatIf.Requested(request);
        if (dryRunProblem is not null)
        {
            return dryRunProblem;
        }

        var instanceId = GraphLifecycle.InstanceIdFor(graph.Id);
        NewGraph stored;
        try
        {
            stored = translator.Translate(graph, parsed.Descriptor!.Value, project, instanceId);
            if (dryRun)
            {
                if (await graphs.GetAsync(graph.Id, cancellationToken) is not null)
                {
                    return NameTaken(graph.Id);
                }

                using var slot = dryRuns.TryEnter();
                return slot is null ? DryRunGate.Busy(request.HttpContext.Response) : TypedResults.Ok(await whatIf.DeployAsync(stored, cancellationToken));
            }

            if (!await graphs.TryCreateAsync(stored, cancellationToken))
            {
                return NameTaken(graph.Id);
            }
        }
        catch (ArgumentException invalid)
        {
            return Problems.BadRequest(invalid.Message, "body");
        }

        var started = false;
        var warnings = parsed.Warnings.Select(w => w.Message).Concat(checks.Warnings(graph)).ToList();
        try
        {
            // Kept with the graph before its orchestration starts: a failure here leaves nothing deployed (the row goes below).
            if (warnings.Count > 0)
            {
                await events.AppendAsync(DescriptorWarnings.Event(graph.Id, "The descriptor was accepted with", warnings), CancellationToken.None);
            }

            started = await StartOrchestrationAsync(client, new GraphLifecycle(graph.Id, GraphPhase.Deploying, stored.Strategies.ScalingInterval),
                instanceId, cancellationToken);
        }
        finally
        {
            if (!started)
            {
                // Nothing was deployed yet: forget the graph so the same request can simply be sent again.
                await graphs.DeleteAsync(graph.Id, CancellationToken.None);
            }
        }

        if (!started)
        {
            return Problems.Conflict($"The previous graph named '{graph.Id}' is still finishing its removal; send the deploy again in a few seconds.");
        }

        var statusUrl = GraphFunctions.StatusUrl(request, graph.Id);
        return TypedResults.Accepted(statusUrl,
            new DeployAccepted(graph.Id, project, GraphStatus.Deploying.ToString(), statusUrl, warnings));
    }

    /// <summary>
    /// Starts the graph's orchestration; false when an earlier orchestration of the same name does not end in time.
    /// A removed graph's orchestration deletes the row and then ends, so a deploy of the same name can land in
    /// between: it waits for that end (a moment) instead of failing.
    /// </summary>
    private static async Task<bool> StartOrchestrationAsync(DurableTaskClient client, GraphLifecycle state, string instanceId, CancellationToken cancellationToken)
    {
        if (await TryScheduleAsync(client, state, instanceId, cancellationToken))
        {
            return true;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(PreviousOrchestrationWait);
        try
        {
            await client.WaitForInstanceCompletionAsync(instanceId, wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        return await TryScheduleAsync(client, state, instanceId, cancellationToken);
    }

    private static async Task<bool> TryScheduleAsync(DurableTaskClient client, GraphLifecycle state, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(GraphOrchestrator.Name, state, new StartOrchestrationOptions(instanceId), cancellationToken);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    private static IResult NameTaken(string name) =>
        Problems.Conflict($"A graph named '{name}' already exists; remove it first or deploy under another hdaGraph.id.");

    /// <summary>The descriptor text: the body itself, or the artifact it names pulled from its registry.</summary>
    internal async Task<(string? Text, IResult? Problem)> DescriptorTextAsync(string body, CancellationToken cancellationToken)
    {
        if (ArtifactReference(body) is not { } reference)
        {
            return (body, null);
        }

        if (artifacts is null)
        {
            return (null, Problems.BadRequest("Deploying from an artifact needs an OCI registry configured (Smo:Oci); send the descriptor itself instead.", "body.artifact"));
        }

        try
        {
            return ((await artifacts.PullAsync(reference, cancellationToken)).DescriptorYaml, null);
        }
        catch (ArgumentException refused)
        {
            // A malformed reference, or a registry off the allow-list: nothing was asked of any registry.
            return (null, Problems.BadRequest(refused.Message, "body.artifact"));
        }
        catch (AdapterException failure)
        {
            // A reference to nothing is the caller's to fix (422); a registry that fails is not (502).
            var status = failure.Failure == AdapterFailure.NotFound ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status502BadGateway;
            return (null, TypedResults.Problem(detail: failure.Message, statusCode: status,
                title: "The artifact could not be pulled.", extensions: new Dictionary<string, object?> { ["where"] = "body.artifact" }));
        }
    }

    /// <summary><c>{"artifact": "..."}</c> (and no descriptor) names an artifact; anything else is a descriptor.</summary>
    private static string? ArtifactReference(string body)
    {
        if (!body.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty(ArtifactKey, out var artifact) && artifact.ValueKind == JsonValueKind.String
                && !document.RootElement.TryGetProperty("hdaGraph", out _)
                ? artifact.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex ProjectName();
}

/// <summary>A deploy accepted: the graph's orchestration places and installs it; <see cref="StatusUrl"/> shows how far it got.</summary>
/// <param name="Warnings">What the descriptor asks that Smo reads differently or ignores.</param>
public sealed record DeployAccepted(string Name, string Project, string Status, string StatusUrl, IReadOnlyList<string> Warnings);
