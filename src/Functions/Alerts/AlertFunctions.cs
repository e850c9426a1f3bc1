using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Smo.Adapters.Alertmanager;
using Smo.Adapters.PrometheusRules;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Http;
using Smo.Functions.Placement;
using Smo.Hdag;
using Smo.Orchestrations.Graphs;
using Smo.Store.Alerts;
using Smo.Store.Graphs;

namespace Smo.Functions.Alerts;

/// <summary>
/// Alertmanager's webhook (<c>POST /alerts</c>): each firing alert of a Smo rule becomes a command for its graph —
/// <c>PolicyFired</c> for an operational policy's rule, <c>AlertFired</c> otherwise — once per firing — Alertmanager repeats the notification every minute while it fires.
/// A payload naming a graph or service Smo does not know is refused whole, before anything is recorded.
/// </summary>
public sealed class AlertFunctions(GraphStore graphs, AlertDeliveries deliveries, GraphReader reader, GraphCommands commands)
{
    [Function("Alerts_Webhook")]
    public async Task<IResult> Receive([HttpTrigger(AuthorizationLevel.Function, "post", Route = "alerts")] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
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

        var firing = new List<(AlertmanagerAlert Alert, GraphRecord Graph, string Service)>();
        for (var i = 0; i < webhook.Alerts.Count; i++)
        {
            var alert = webhook.Alerts[i];
            var service = alert.Labels[AlertRuleLabels.Service];
            var graphName = alert.Labels.GetValueOrDefault(AlertRuleLabels.Graph);
            var graph = graphName is null ? null : await graphs.GetAsync(graphName, cancellationToken);
            if (graph is null || graph.Services.All(s => s.Name != service))
            {
                return Problems.NotFound(graph is null
                    ? $"alerts[{i}]: graph '{graphName ?? "(no smo_graph label)"}' is not deployed; the alert is not one of Smo's rules."
                    : $"alerts[{i}]: graph '{graph.Name}' has no service '{service}'.");
            }

            if (alert.Status == AlertStatus.Firing)
            {
                firing.Add((alert, graph, service));
            }
        }

        var commanded = new List<string>();
        foreach (var (alert, graph, service) in firing)
        {
            var key = new AlertDeliveryKey(graph.Name, service, alert.Fingerprint ?? alert.AlertName, alert.StartsAt);
            if (await deliveries.TryRecordAsync(key, cancellationToken))
            {
                await commands.SendAsync(client, graph.Name, CommandFor(alert, reader.Descriptor(graph), service), cancellationToken);
                commanded.Add($"{graph.Name}/{service}");
            }
        }

        return TypedResults.Ok(new AlertsReceived("Alert received", webhook.Alerts.Count, firing.Count, commanded));
    }

    /// <summary>An operational policy's alert moves its service; any other installs the service (a conditional one).</summary>
    private static GraphCommand CommandFor(AlertmanagerAlert alert, HdaGraph descriptor, string service)
    {
        var name = alert.Labels.GetValueOrDefault(AlertRuleLabels.Event) ?? alert.AlertName;
        var isPolicy = descriptor.Services.Any(s => s.Id == service && s.Policies.Any(p => p.Id == name));
        return isPolicy
            ? new GraphCommand(GraphCommandKind.PolicyFired, Service: service, Policy: name)
            : new GraphCommand(GraphCommandKind.AlertFired, Service: service);
    }
}

/// <summary>The webhook's answer (the original's <c>message</c>, and what Smo did).</summary>
/// <param name="Commanded">graph/service of each firing alert that became a command; a repeat of one already handled does not.</param>
public sealed record AlertsReceived(string Message, int Alerts, int Firing, IReadOnlyList<string> Commanded);
