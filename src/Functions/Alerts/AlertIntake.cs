using Microsoft.DurableTask.Client;
using Smo.Adapters.Alertmanager;
using Smo.Adapters.PrometheusRules;
using Smo.Functions.Graphs;
using Smo.Hdag;
using Smo.Orchestrations.Graphs;
using Smo.Store.Alerts;
using Smo.Store.Graphs;

namespace Smo.Functions.Alerts;

/// <summary>
/// What a webhook from Alertmanager does: each firing alert of a Smo rule becomes a command for its graph —
/// <c>PolicyFired</c> for an operational policy's rule, <c>AlertFired</c> otherwise — once per firing (Alertmanager
/// repeats the notification while it fires). A payload naming a graph or service Smo does not know is refused
/// whole, before anything is recorded. A policy moves a service at most once per cooldown
/// (<see cref="AlertWebhookOptions.PolicyCooldown"/>): a caller that invents a new <c>startsAt</c> for every call gets a
/// new delivery each time, not a new re-placement.
/// </summary>
public sealed class AlertIntake(GraphStore graphs, AlertDeliveries deliveries, GraphReader reader, GraphCommands commands, AlertWebhookOptions options)
{
    public async Task<AlertIntakeOutcome> ReceiveAsync(AlertmanagerWebhook webhook, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var firing = new List<(AlertmanagerAlert Alert, GraphRecord Graph, string Service, AlertDeliveryKey Key)>();
        for (var i = 0; i < webhook.Alerts.Count; i++)
        {
            var alert = webhook.Alerts[i];
            var service = alert.Labels[AlertRuleLabels.Service];
            var graphName = alert.Labels.GetValueOrDefault(AlertRuleLabels.Graph);
            var graph = await NamedGraphAsync(graphName, cancellationToken);
            if (graph is null || graph.Services.All(s => s.Name != service))
            {
                return new AlertIntakeOutcome(null, graph is null
                    ? $"alerts[{i}]: graph '{graphName ?? "(no smo_graph label)"}' is not deployed; the alert is not one of Smo's rules."
                    : $"alerts[{i}]: graph '{graph.Name}' has no service '{service}'.");
            }

            if (alert.Status == AlertStatus.Firing)
            {
                // Checked for every alert before any is recorded: a webhook refused for one alert leaves no trace of the others.
                var key = new AlertDeliveryKey(graph.Name, service, alert.Fingerprint ?? alert.AlertName, alert.StartsAt);
                try
                {
                    key.Validate(nameof(webhook));
                }
                catch (ArgumentException invalid)
                {
                    return new AlertIntakeOutcome(null, null, new WebhookFieldError($"alerts[{i}]", invalid.Message));
                }

                firing.Add((alert, graph, service, key));
            }
        }

        var commanded = new List<string>();
        var cooling = new List<string>();
        foreach (var (alert, graph, service, key) in firing)
        {
            GraphCommand command;
            try
            {
                if (!await deliveries.TryRecordAsync(key, cancellationToken))
                {
                    continue;
                }

                // Parsed only for a new firing: Alertmanager repeats a firing alert every minute, and a repeat does nothing.
                command = CommandFor(alert, reader.Descriptor(graph), service);
                if (command.Kind == GraphCommandKind.PolicyFired
                    && !await deliveries.TryStartPolicyCooldownAsync(graph.Name, service, options.PolicyCooldown, cancellationToken))
                {
                    cooling.Add($"{graph.Name}/{service}");
                    continue;
                }
            }
            catch (KeyNotFoundException)
            {
                // The graph was removed after it was looked up above: its alert has nothing left to act on.
                continue;
            }

            await commands.SendAsync(client, graph.Name, command, cancellationToken);
            commanded.Add($"{graph.Name}/{service}");
        }

        return new AlertIntakeOutcome(new AlertsReceived("Alert received", webhook.Alerts.Count, firing.Count, commanded, cooling), null);
    }

    /// <summary>The graph an alert's label names; none for no label, or for a name no graph can have (not a DNS-1123 label, which the store refuses before any SQL).</summary>
    private async Task<GraphRecord?> NamedGraphAsync(string? name, CancellationToken cancellationToken)
    {
        try
        {
            return name is null ? null : await graphs.GetAsync(name, cancellationToken);
        }
        catch (ArgumentException)
        {
            return null;
        }
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

/// <summary>
/// What became of a webhook: received (and what was commanded), refused because it names something Smo does not know,
/// or refused because an alert cannot be recorded as it is (<see cref="Invalid"/>: where and why).
/// </summary>
public sealed record AlertIntakeOutcome(AlertsReceived? Received, string? Unknown, WebhookFieldError? Invalid = null);

/// <summary>The webhook's answer (the original's <c>message</c>, and what Smo did).</summary>
/// <param name="Commanded">graph/service of each firing alert that became a command; a repeat of one already handled does not.</param>
/// <param name="CoolingDown">graph/service of each policy alert not acted on: the policy moved the service within the cooldown.</param>
public sealed record AlertsReceived(string Message, int Alerts, int Firing, IReadOnlyList<string> Commanded, IReadOnlyList<string> CoolingDown);
