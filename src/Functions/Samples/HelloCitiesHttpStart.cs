using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Smo.Functions.Durable;
using Smo.Functions.Http;
using Smo.Orchestrations.Samples;

namespace Smo.Functions.Samples;

/// <summary>The classic Durable Functions starter: an HTTP trigger that schedules an orchestration and returns 202.</summary>
public sealed class HelloCitiesHttpStart(DurableTaskExtensionOptions options)
{
    public const string Name = "HelloCities_HttpStart";

    [Function(Name)]
    public async Task<IResult> Start([HttpTrigger(AuthorizationLevel.Function, "post", Route = "samples/hello-cities")] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        var body = await Problems.ReadJsonBodyAsync(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (body.Value is { } value && value.ValueKind != System.Text.Json.JsonValueKind.Array)
        {
            return Problems.BadRequest("The body must be a JSON array of city names, or empty for the default cities.", "body");
        }

        var id = await client.ScheduleNewOrchestrationInstanceAsync(HelloCities.Name, body.Value, request.HttpContext.RequestAborted);
        var urls = ManagementUrls.For(request, id, options.HubName);
        return TypedResults.Accepted(urls.StatusQueryGetUri, urls);
    }
}
