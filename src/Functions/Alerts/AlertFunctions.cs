using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Smo.Adapters.Alertmanager;
using Smo.Functions.Http;
using Smo.Functions.Telemetry;

namespace Smo.Functions.Alerts;

/// <summary>
/// Alertmanager's webhook (<c>POST /alerts</c>): its own credential checked (<see cref="WebhookCredential"/>; hence
/// anonymous to the host's key check), the body read within its limit and parsed as a document, at most
/// <see cref="AlertWebhookOptions.MaxAlertsPerNotification"/> alerts, then handed to <see cref="AlertIntake"/>, which
/// answers for each alert.
/// </summary>
public sealed class AlertFunctions(AlertIntake intake, WebhookCredential credential, AlertWebhookOptions options, SmoMetrics smoMetrics)
{
    [Function(WebhookCredential.FunctionName)]
    public async Task<IResult> Receive([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "alerts")] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        var (answer, received) = await AnswerAsync(request, client);
        smoMetrics.RecordAlertsReceived(received);
        return answer;
    }

    /// <summary>The webhook's answer, and what became of the alerts (null: the notification was refused whole).</summary>
    private async Task<(IResult Answer, AlertsReceived? Received)> AnswerAsync(HttpRequest request, DurableTaskClient client)
    {
        if (credential.Refusal(request) is { } refused)
        {
            return (refused, null);
        }

        if (await RequestBodies.ReadAtMostAsync(request, RequestBodies.MaxJsonLength) is not { } body)
        {
            return (RequestBodies.TooLarge("The webhook body", RequestBodies.MaxJsonLength), null);
        }

        // Only the document's shape is checked here: what each alert's labels say is the intake's to decide, alert by alert.
        var parsed = AlertmanagerWebhookParser.ParseDocument(body);
        if (parsed.Webhook is not { } webhook)
        {
            return (TypedResults.Problem(detail: string.Join("; ", parsed.Errors), statusCode: StatusCodes.Status400BadRequest,
                title: "The webhook body is not valid.", extensions: new Dictionary<string, object?> { ["where"] = parsed.Errors[0].Field }), null);
        }

        if (webhook.Alerts.Count > options.MaxAlertsPerNotification)
        {
            return (TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The notification has too many alerts.",
                detail: $"The notification carries {webhook.Alerts.Count} alerts; at most {options.MaxAlertsPerNotification} are taken "
                    + $"({AlertWebhookOptions.Section}:{nameof(AlertWebhookOptions.MaxAlertsPerNotification)}; Alertmanager's max_alerts keeps a receiver under it).",
                extensions: new Dictionary<string, object?> { ["where"] = "alerts" }), null);
        }

        var outcome = await intake.ReceiveAsync(webhook, client, request.HttpContext.RequestAborted);
        return outcome is { Received: { } received }
            ? (TypedResults.Ok(received), received)
            : (Problems.BadRequest(outcome.Invalid!.Reason, outcome.Invalid.Field), null);
    }
}
