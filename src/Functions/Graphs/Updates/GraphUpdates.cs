using System.Text.Json;
using Microsoft.DurableTask.Client;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Http;
using Smo.Functions.Placement;
using Smo.Hdag.Parsing;
using Smo.Orchestrations.Graphs;
using Smo.Store;
using Smo.Store.Events;
using Smo.Store.Graphs;
using Smo.Store.Versions;

namespace Smo.Functions.Graphs.Updates;

/// <summary>
/// An update or a rollback from request to the graph's orchestration: the descriptor parsed and checked as a deploy
/// checks it, its difference from the version the graph runs, then — unless it is a dry run or changes nothing — a
/// pending version stored (if the graph is still as read, and no other version is pending) and the graph's
/// orchestration told to apply it. Nothing is stored before every check passed.
/// </summary>
public sealed class GraphUpdates(
    HdagParser parser, GraphTranslator translator, GraphDeployment deployment, DeployChecks checks, GraphVersions versions, GraphCommands commands,
    EventLog events, GraphDefaults defaults)
{
    /// <summary>Largest rollback body: <c>{"version": N}</c> and some room.</summary>
    public const int MaxRollbackBody = 256;

    public const string RollbackBody = """{"version": N} (optional: the version before the current one)""";

    // A version's descriptor passed the request limits when it was sent; it is read again without them.
    private readonly HdagParser _stored = new(parser.Options.ForStoredDescriptors());

    /// <summary><c>PUT /graphs/{name}</c>: the body is the new descriptor, in any form a deploy takes.</summary>
    public async Task<IResult> UpdateAsync(GraphRecord graph, string body, HttpRequest request, DurableTaskClient client)
    {
        var (text, artifactProblem) = await deployment.DescriptorTextAsync(body, request.HttpContext.RequestAborted);
        return artifactProblem ?? await ApplyAsync(graph, parser.Parse(text!), VersionOrigin.Update, null, request, client);
    }

    /// <summary><c>POST /graphs/{name}/rollback</c>: an earlier version's descriptor, applied as a new version.</summary>
    public async Task<IResult> RollbackAsync(GraphRecord graph, JsonElement? body, HttpRequest request, DurableTaskClient client)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var (asked, invalid) = RequestedVersion(body);
        if (invalid is not null)
        {
            return invalid;
        }

        var all = await versions.ListAsync(graph.Name, cancellationToken);
        var current = all.Single(v => v.Current);
        var target = asked ?? all.Where(v => v.Number < current.Number && v.State == VersionState.Applied).Select(v => (int?)v.Number).Max();
        if (target is null)
        {
            return Problems.BadRequest($"Graph '{graph.Name}' has no earlier version to go back to (it runs version {current.Number}); name one with {{\"version\": N}}.", "body.version");
        }

        if (await versions.GetAsync(graph.Name, target.Value, cancellationToken) is not { Descriptor: { } descriptor })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.",
                detail: $"Graph '{graph.Name}' has no version {target}; it keeps {string.Join(", ", all.Select(v => v.Number).Order())} (GET /graphs/{graph.Name}/versions).",
                extensions: new Dictionary<string, object?> { ["where"] = "body.version" });
        }

        return await ApplyAsync(graph, _stored.Parse(descriptor.GetRawText()), VersionOrigin.Rollback, target, request, client);
    }

    /// <summary><c>GET /graphs/{name}/versions</c>: newest first.</summary>
    public async Task<GraphVersionsView> VersionsAsync(GraphRecord graph, CancellationToken cancellationToken)
    {
        var all = await versions.ListAsync(graph.Name, cancellationToken);
        return new GraphVersionsView(graph.Name, all.Single(v => v.Current).Number, [.. all.Select(v => new GraphVersionView(
            v.Number, v.DescriptorVersion, v.CreatedAt, v.Origin.ToString().ToLowerInvariant(), v.Current, v.State.ToString().ToLowerInvariant(), v.Summary,
            v.RollbackOf, v.FailureReason, v.SettledAt))]);
    }

    private async Task<IResult> ApplyAsync(GraphRecord graph, HdagParseResult parsed, VersionOrigin origin, int? rollbackOf, HttpRequest request, DurableTaskClient client)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (parsed.Graph is not { } descriptor)
        {
            return DeployChecks.DescriptorProblem(parsed.Errors);
        }

        if (descriptor.Id != graph.Name)
        {
            return Problems.BadRequest(
                $"The descriptor's hdaGraph.id is '{descriptor.Id}', but this is graph '{graph.Name}': an update keeps the graph's name (deploy a new graph for another).",
                "hdaGraph.id");
        }

        if (await checks.ProblemAsync(descriptor, graph.Project, cancellationToken) is { } graphProblem)
        {
            return graphProblem;
        }

        var (dryRun, dryRunProblem) = WhatIf.Requested(request);
        if (dryRunProblem is not null)
        {
            return dryRunProblem;
        }

        try
        {
            // What a deploy of it would store, so a descriptor the store refuses is refused here, with nothing stored.
            translator.Translate(descriptor, parsed.Descriptor!.Value, graph.Project, GraphLifecycle.InstanceIdFor(graph.Name));
        }
        catch (ArgumentException invalid)
        {
            return Problems.BadRequest(invalid.Message, "body");
        }

        var diff = DescriptorDiff.Between(graph.Descriptor, parsed.Descriptor.Value);
        var summary = rollbackOf is { } old ? $"Rollback to version {old}: {diff.Summary()}" : diff.Summary();
        var warnings = parsed.Warnings.Select(w => w.Message).Concat(checks.Warnings(descriptor)).ToList();
        var current = (await versions.ListAsync(graph.Name, cancellationToken)).Single(v => v.Current).Number;
        if (dryRun || diff.IsEmpty)
        {
            return TypedResults.Ok(new GraphUpdateAnswer(graph.Name, current, null, !diff.IsEmpty, summary, diff, warnings, null, dryRun));
        }

        if (!graph.Status.IsRunning() && graph.Status != GraphStatus.Stopped)
        {
            return Problems.Conflict($"Graph '{graph.Name}' is {graph.Status}: a graph is updated while it runs or is stopped; wait until it is, or start it again.");
        }

        int? number;
        try
        {
            number = await versions.AddPendingAsync(new NewGraphVersion(graph.Name, parsed.Descriptor.Value, descriptor.Version, origin, summary,
                JsonSerializer.SerializeToElement(diff, DiffJson)) { RollbackOf = rollbackOf }, graph.Version, defaults.MaxVersions, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Problems.Conflict($"Graph '{graph.Name}' changed while the update was checked; send it again.");
        }

        if (number is not { } version)
        {
            return Problems.Conflict($"Another version of graph '{graph.Name}' is still being applied; send this one when it is done (GET /graphs/{graph.Name}/versions).");
        }

        // Recorded before the command goes: once it has, the update is under way and this answer must not fail.
        try
        {
            if (warnings.Count > 0)
            {
                await events.AppendAsync(DescriptorWarnings.Event(graph.Name, $"Version {version} has", warnings), CancellationToken.None);
            }
        }
        catch
        {
            // A version left pending would hold back every later update.
            await versions.SettleAsync(graph.Name, version, VersionState.Failed, "Its descriptor warnings could not be recorded; send it again.", CancellationToken.None);
            throw;
        }

        CommandDelivery delivery;
        try
        {
            // Not the request's token: a client gone mid-send must not leave a version pending with no command on its way.
            delivery = await commands.SendAsync(client, graph.Name, new GraphCommand(GraphCommandKind.Update, Version: version), CancellationToken.None);
        }
        catch
        {
            // Whether the command arrived is unknown; settled failed, a late one is refused by the orchestration (not pending).
            await versions.SettleAsync(graph.Name, version, VersionState.Failed, "The command to apply it could not be sent to the graph's orchestration; send it again.",
                CancellationToken.None);
            throw;
        }

        if (delivery != CommandDelivery.Delivered)
        {
            await versions.SettleAsync(graph.Name, version, VersionState.Failed, "The graph's orchestration was not running to apply it.", CancellationToken.None);
            return Problems.Conflict($"The orchestration of graph '{graph.Name}' is not running; it cannot apply an update.");
        }

        var statusUrl = GraphFunctions.StatusUrl(request, graph.Name);
        return TypedResults.Accepted(statusUrl, new GraphUpdateAnswer(graph.Name, current, version, true, summary, diff, warnings, statusUrl, false));
    }

    /// <summary>The diff as the API writes it (camelCase), also as stored with the version.</summary>
    private static readonly JsonSerializerOptions DiffJson = new(JsonSerializerDefaults.Web);

    /// <summary>The body's <c>version</c> (null when the body or the field is absent), or why the body is wrong.</summary>
    private static (int? Version, IResult? Problem) RequestedVersion(JsonElement? body)
    {
        if (body is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return (null, Problems.BadRequest($"The body must be {RollbackBody}.", "body"));
        }

        int? version = null;
        foreach (var property in value.EnumerateObject())
        {
            if (property.Name != "version")
            {
                return (null, Problems.BadRequest($"'{Shortened(property.Name)}' is not a field of the rollback body; it is {RollbackBody}.", $"body.{Shortened(property.Name)}"));
            }

            if (version is not null)
            {
                return (null, Problems.BadRequest($"version is given twice; the body is {RollbackBody}.", "body.version"));
            }

            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out var number) || number < 1)
            {
                return (null, Problems.BadRequest("version must be a version number: a whole number from 1.", "body.version"));
            }

            version = number;
        }

        return (version, null);
    }

    private static string Shortened(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>What an update or rollback changes, and (when accepted) the version the graph's orchestration applies.</summary>
/// <param name="CurrentVersion">The version the graph runs.</param>
/// <param name="Version">The version stored and being applied; null for a dry run or when nothing changes.</param>
/// <param name="Changes">False: the descriptor is the current version's, and nothing was stored or sent.</param>
public sealed record GraphUpdateAnswer(
    string Name, int CurrentVersion, int? Version, bool Changes, string Summary, GraphDiff Diff, IReadOnlyList<string> Warnings, string? StatusUrl,
    bool DryRun);

public sealed record GraphVersionsView(string Name, int Current, IReadOnlyList<GraphVersionView> Versions);

/// <param name="Origin">deploy, update or rollback.</param>
/// <param name="State">pending (being applied), applied, or failed (rolled back; <paramref name="FailureReason"/> says why).</param>
/// <param name="RollbackOf">For a rollback, the version it brought back.</param>
public sealed record GraphVersionView(
    int Number, string? DescriptorVersion, DateTimeOffset At, string Origin, bool Current, string State, string Summary, int? RollbackOf,
    string? FailureReason, DateTimeOffset? SettledAt);
