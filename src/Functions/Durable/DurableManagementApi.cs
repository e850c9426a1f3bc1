using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Smo.Durable;
using Smo.Durable.Storage;
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

    private static async Task<IResult> StartAsync(string functionName, string? instanceId, HttpRequest request, DurableTaskClient client, DurableTaskRegistry registry, DurableTaskExtensionOptions options)
    {
        if (!registry.HasOrchestrator(functionName))
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

    private static async Task<IResult> GetAsync(string instanceId, HttpRequest request, DurableTaskClient client, IOrchestrationStore store, bool? showHistory, bool? showInput)
    {
        if (InstanceIds.Problem(instanceId) is { } idProblem)
        {
            return Problems.BadRequest(idProblem, "instanceId");
        }

        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: showInput ?? true, request.HttpContext.RequestAborted);
        if (metadata is null)
        {
            return Problems.NotFound($"No orchestration instance '{instanceId}' exists.");
        }

        var history = showHistory == true ? await store.GetHistoryAsync(instanceId, request.HttpContext.RequestAborted) : null;
        var status = InstanceStatusResponse.From(metadata, history);
        if (metadata.IsCompleted)
        {
            return TypedResults.Ok(status);
        }

        request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Accepted($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}", status);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, DurableTaskClient client)
    {
        var filter = InstanceQueryParameters.Parse(request.Query);
        if (filter.Problem is not null)
        {
            return filter.Problem;
        }

        var token = request.Headers[ContinuationHeader].FirstOrDefault();
        InstancePage page;
        try
        {
            page = await client.GetAllInstancesAsync(filter.Query! with { ContinuationToken = token }, request.HttpContext.RequestAborted);
        }
        catch (ArgumentException exception)
        {
            return Problems.BadRequest(exception.Message, ContinuationHeader);
        }

        if (page.ContinuationToken is not null)
        {
            request.HttpContext.Response.Headers[ContinuationHeader] = page.ContinuationToken;
        }

        return TypedResults.Ok(page.Instances.Select(i => InstanceStatusResponse.From(i)).ToList());
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

        return Delivered(instanceId, await client.RaiseEventAsync(instanceId, eventName, body.Value, request.HttpContext.RequestAborted));
    }

    private static Task<IResult> TerminateAsync(string instanceId, string? reason, HttpRequest request, DurableTaskClient client) =>
        SendAsync(instanceId, () => client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(reason), request.HttpContext.RequestAborted));

    private static Task<IResult> SuspendAsync(string instanceId, string? reason, HttpRequest request, DurableTaskClient client) =>
        SendAsync(instanceId, () => client.SuspendInstanceAsync(instanceId, reason, request.HttpContext.RequestAborted));

    private static Task<IResult> ResumeAsync(string instanceId, string? reason, HttpRequest request, DurableTaskClient client) =>
        SendAsync(instanceId, () => client.ResumeInstanceAsync(instanceId, reason, request.HttpContext.RequestAborted));

    private static async Task<IResult> PurgeAsync(string instanceId, HttpRequest request, DurableTaskClient client)
    {
        if (InstanceIds.Problem(instanceId) is { } idProblem)
        {
            return Problems.BadRequest(idProblem, "instanceId");
        }

        var result = await client.PurgeInstanceAsync(instanceId, request.HttpContext.RequestAborted);
        return result.Outcome switch
        {
            PurgeOutcome.Purged => TypedResults.Ok(new PurgeResponse(result.PurgedInstanceCount)),
            PurgeOutcome.NotFound => Problems.NotFound($"No orchestration instance '{instanceId}' exists."),
            _ => Problems.PreconditionFailed($"Instance '{instanceId}' has not finished; terminate it before purging its history."),
        };
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

    private static async Task<IResult> SendAsync(string instanceId, Func<Task<MessageDelivery>> send) =>
        InstanceIds.Problem(instanceId) is { } idProblem
            ? Problems.BadRequest(idProblem, "instanceId")
            : Delivered(instanceId, await send());

    private static IResult Delivered(string instanceId, MessageDelivery delivery) => delivery switch
    {
        MessageDelivery.Delivered => TypedResults.Accepted((string?)null),
        MessageDelivery.InstanceNotFound => Problems.NotFound($"No orchestration instance '{instanceId}' exists."),
        _ => Problems.Gone($"Instance '{instanceId}' has already finished."),
    };

    /// <summary>The body of a purge response.</summary>
    public sealed record PurgeResponse(int InstancesDeleted);
}
