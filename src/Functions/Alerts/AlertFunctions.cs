using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Smo.Adapters.Alertmanager;
using Smo.Adapters.PrometheusRules;
using Smo.Functions.Http;

namespace Smo.Functions.Alerts;

/// <summary>
/// Alertmanager's webhook (<c>POST /alerts</c>): its own credential checked (<see cref="WebhookCredential"/>; hence
/// anonymous to the host's key check), the body read within its limit and parsed, then handed to <see cref="AlertIntake"/>.
/// </summary>
public sealed class AlertFunctions(AlertIntake intake, WebhookCredential credential)
{
    [Function(WebhookCredential.FunctionName)]
    public async Task<IResult> Receive([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "alerts")] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        if (credential.Refusal(request) is { } refused)
        {
            return refused;
        }

        if (await RequestBodies.ReadAtMostAsync(request, RequestBodies.MaxJsonLength) is not { } body)
        {
            return RequestBodies.TooLarge("The webhook body", RequestBodies.MaxJsonLength);
        }

        var parsed = AlertmanagerWebhookParser.Parse(body, [AlertRuleLabels.Service]);
        if (parsed.Webhook is not { } webhook)
        {
            return TypedResults.Problem(detail: string.Join("; ", parsed.Errors), statusCode: StatusCodes.Status400BadRequest,
                title: "The webhook body is not valid.", extensions: new Dictionary<string, object?> { ["where"] = parsed.Errors[0].Field });
        }

        var outcome = await intake.ReceiveAsync(webhook, client, request.HttpContext.RequestAborted);
        return outcome switch
        {
            { Received: { } received } => TypedResults.Ok(received),
            { Invalid: { } invalid } => Problems.BadRequest(invalid.Reason, invalid.Field),
            _ => Problems.NotFound(outcome.Unknown!),
        };
    }
}
