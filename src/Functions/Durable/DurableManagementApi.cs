using Microsoft.Azure.Functions.Worker;
using System.Globalization;
using DurableTask.Core.Exceptions;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Smo.Durable.Protocol;
using Smo.Functions.Http;

namespace Smo.Functions.Durable;

/// <summary>
/// The Durable Functions HTTP management API under <c>/runtime/webhooks/durabletask</c>, with its routes and
/// status codes: 202 while an instance runs, 200 once it is done, 404 unknown, 410 finished, 412 not finished.
/// </summary>
public static class DurableManagementApi
{
    public const string ContinuationHeader = "x-ms-continuation-token";
    private const int RetryAfterSeconds = 2;

    public static IEndpointRouteBuilder MapDurableManagementApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(ManagementUrls.BasePath);
        api.MapFunction("DurableStartOrchestration", AuthorizationLevel.Admin, "POST", "/orchestrators/{functionName}/{instanceId?}", StartAsync);
        api.MapFunction("DurableGetInstance", AuthorizationLevel.Admin, "GET", "/instances/{instanceId}", GetAsync);
        api.MapFunction("DurableListInstances", AuthorizationLevel.Admin, "GET", "/instances", ListAsync);
        api.MapFunction("DurableRaiseEvent", AuthorizationLevel.Admin, "POST", "/instances/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync);
        api.MapFunction("DurableTerminate", AuthorizationLevel.Admin, "POST", "/instances/{instanceId}/terminate", TerminateAsync);
        api.MapFunction("DurableSuspend", AuthorizationLevel.Admin, "POST", "/instances/{instanceId}/suspend", SuspendAsync);
        api.MapFunction("DurableResume", AuthorizationLevel.Admin, "POST", "/instances/{instanceId}/resume", ResumeAsync);
        api.MapFunction("DurablePurgeInstance", AuthorizationLevel.Admin, "DELETE", "/instances/{instanceId}", PurgeAsync);
        api.MapFunction("DurablePurgeInstances", AuthorizationLevel.Admin, "DELETE", "/instances", PurgeManyAsync);
        return app;
    }

    private static async Task<IResult> StartAsync(string functionName, string? instanceId, HttpRequest request, DurableTaskClient client,
        IOptionsMonitor<DurableTaskRegistry> registry, DurableTaskExtensionOptions options)
    {
        var wanted = new TaskName(functionName);
        if (!registry.Get(Options.DefaultName).GetOrchestrators().Any(o => o.Key == wanted))
        {
            return Problems.NotFound($"No orchestrator function named '{functionName}' exists.");
        }

        if (instanceId is not null && InstanceIds.Problem(instanceId) is { } idProblem)
        {
            return Problems.BadRequest(idProblem, "instanceId");
        }

        var body = await Problems.ReadJsonBodyAsync(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        try
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync(functionName, body.Value, new StartOrchestrationOptions(instanceId), request.HttpContext.RequestAborted);
            var urls = ManagementUrls.For(request, id, options.HubName);
            return TypedResults.Accepted(urls.StatusQueryGetUri, urls);
        }
        catch (OrchestrationAlreadyExistsException exception)
        {
            return Problems.Conflict(exception.Message);
        }
    }

    private static async Task<IResult> GetAsync(string instanceId, HttpRequest request, DurableTaskClient client)
    {
        if (InstanceIds.Problem(instanceId) is { } idProblem)
        {
            return Problems.BadRequest(idProblem, "instanceId");
        }

        // Read here rather than bound as bool?: a value that is not a boolean is then a problem naming the parameter,
        // not the framework's bare 400 (or, in Development, an exception and a 500).
        var (showHistory, historyProblem) = Flag(request.Query, "showHistory");
        var (showInput, inputProblem) = Flag(request.Query, "showInput");
        if ((historyProblem ?? inputProblem) is { } flagProblem)
        {
            return flagProblem;
        }

        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: showInput ?? true, request.HttpContext.RequestAborted);
        if (metadata is null)
        {
            return Problems.NotFound($"No orchestration instance '{instanceId}' exists.");
        }

        var history = showHistory == true ? await client.GetOrchestrationHistoryAsync(instanceId, request.HttpContext.RequestAborted) : null;
        var status = InstanceStatusResponse.From(metadata, history);
        if (metadata.IsCompleted)
        {
            return TypedResults.Ok(status);
        }

        request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Accepted($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}", status);
    }

    private static (bool? Value, IResult? Problem) Flag(IQueryCollection query, string name) =>
        query[name].FirstOrDefault() switch
        {
            null or "" => (null, null),
            var text when bool.TryParse(text, out var value) => (value, null),
            var text => (null, Problems.BadRequest($"{name} is '{text}'; it must be true or false.", $"query: {name}")),
        };

    private static async Task<IResult> ListAsync(HttpRequest request, DurableTaskClient client)
    {
        var filter = InstanceQueryParameters.Parse(request.Query);
        if (filter.Problem is not null)
        {
            return filter.Problem;
        }

        var token = request.Headers[ContinuationHeader].FirstOrDefault();
        Page<OrchestrationMetadata>? page;
        try
        {
            page = await client.GetAllInstancesAsync(filter.Query! with { ContinuationToken = token }).AsPages(token, filter.Query!.PageSize)
                .FirstOrDefaultAsync(request.HttpContext.RequestAborted);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.InvalidArgument)
        {
            return Problems.BadRequest("The continuation token is not one this host issued.", ContinuationHeader);
        }

        if (page?.ContinuationToken is { } next)
        {
            request.HttpContext.Response.Headers[ContinuationHeader] = next;
        }

        return TypedResults.Ok((page?.Values ?? []).Select(i => InstanceStatusResponse.From(i)).ToList());
    }

    private static async Task<IResult> RaiseEventAsync(string instanceId, string eventName, HttpRequest request, DurableTaskClient client)
    {
        if (InstanceIds.Problem(instanceId) is { } idProblem)
        {
            return Problems.BadRequest(idProblem, "instanceId");
        }

        if (string.IsNullOrWhiteSpace(eventName) || eventName.Any(char.IsControl))
        {
            return Problems.BadRequest("The event name must not be blank or contain control characters.", "eventName");
        }

        var body = await Problems.ReadJsonBodyAsync(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        return await SendAsync(instanceId, client, request, ct => client.RaiseEventAsync(instanceId, eventName, body.Value, ct));
    }

    private static Task<IResult> TerminateAsync(string instanceId, string? reason, HttpRequest request, DurableTaskClient client) =>
        SendAsync(instanceId, client, request, ct => client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(reason), ct));

    private static Task<IResult> SuspendAsync(string instanceId, string? reason, HttpRequest request, DurableTaskClient client) =>
        SendAsync(instanceId, client, request, ct => client.SuspendInstanceAsync(instanceId, reason, ct));

    private static Task<IResult> ResumeAsync(string instanceId, string? reason, HttpRequest request, DurableTaskClient client) =>
        SendAsync(instanceId, client, request, ct => client.ResumeInstanceAsync(instanceId, reason, ct));

    private static async Task<IResult> PurgeAsync(string instanceId, HttpRequest request, DurableTaskClient client)
    {
        if (InstanceIds.Problem(instanceId) is { } idProblem)
        {
            return Problems.BadRequest(idProblem, "instanceId");
        }

        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, request.HttpContext.RequestAborted);
        if (metadata is null)
        {
            return Problems.NotFound($"No orchestration instance '{instanceId}' exists.");
        }

        try
        {
            var result = metadata.IsCompleted ? await client.PurgeInstanceAsync(instanceId, request.HttpContext.RequestAborted) : null;
            return result is { PurgedInstanceCount: > 0 }
                ? TypedResults.Ok(new PurgeResponse(result.PurgedInstanceCount))
                : Problems.PreconditionFailed($"Instance '{instanceId}' has not finished; terminate it before purging its history.");
        }
        catch (InvalidOperationException)
        {
            return Problems.PreconditionFailed($"Instance '{instanceId}' has not finished; terminate it before purging its history.");
        }
    }

    private static async Task<IResult> PurgeManyAsync(HttpRequest request, DurableTaskClient client)
    {
        var filter = InstanceQueryParameters.Parse(request.Query);
        if (filter.Problem is not null)
        {
            return filter.Problem;
        }

        if (filter.Query!.CreatedFrom is null)
        {
            return Problems.BadRequest("Purging many instances requires createdTimeFrom, so a bare DELETE cannot wipe the task hub.", "createdTimeFrom");
        }

        var result = await client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(filter.Query.CreatedFrom, filter.Query.CreatedTo, filter.Query.Statuses), request.HttpContext.RequestAborted);
        return TypedResults.Ok(new PurgeResponse(result.PurgedInstanceCount));
    }

    /// <summary>Delivers a message as Durable Functions answers it: 404 unknown, 410 finished, 202 sent.</summary>
    private static async Task<IResult> SendAsync(string instanceId, DurableTaskClient client, HttpRequest request, Func<CancellationToken, Task> send)
    {
        if (InstanceIds.Problem(instanceId) is { } idProblem)
        {
            return Problems.BadRequest(idProblem, "instanceId");
        }

        return await client.DeliverAsync(instanceId, send, request.HttpContext.RequestAborted) switch
        {
            MessageOutcome.Delivered => TypedResults.Accepted((string?)null),
            MessageOutcome.NotFound => Problems.NotFound($"No orchestration instance '{instanceId}' exists."),
            _ => Problems.Gone($"Instance '{instanceId}' has already finished."),
        };
    }

    /// <summary>The body of a purge response.</summary>
    public sealed record PurgeResponse(int InstancesDeleted);
}
