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
/// What a webhook from Alertmanager does, alert by alert. An alert of a Smo rule — its <c>smo_graph</c> and
/// <c>service</c> labels name a deployed graph and one of its services, its <c>smo_event</c> (or <c>alertname</c>) one of
/// that service's rules — is handled: firing, it becomes a command for its graph once per firing (Alertmanager repeats
/// the notification while it fires), <c>PolicyFired</c> for a policy (at most once per
/// <see cref="AlertWebhookOptions.PolicyCooldown"/>, whatever <c>startsAt</c> a caller invents) and <c>AlertFired</c> for a
/// trigger event; resolved, it becomes <c>AlertResolved</c> when its service uninstalls after its alerts resolve. Any
/// other alert is skipped with its reason: Alertmanager does not retry a 4xx, so refusing the notification for one
/// foreign alert would lose Smo's own alerts grouped with it. Only a notification that cannot be Alertmanager's (an
/// alert whose fingerprint or start cannot be recorded) is refused whole, before anything is recorded.
/// </summary>
public sealed class AlertIntake(GraphStore graphs, AlertDeliveries deliveries, GraphReader reader, GraphCommands commands, AlertWebhookOptions options)
{
    public async Task<AlertIntakeOutcome> ReceiveAsync(AlertmanagerWebhook webhook, DurableTaskClient client, CancellationToken cancellationToken)
    {
        // Checked for every alert before any is recorded: a document Alertmanager cannot have written is refused whole,
        // and leaves no trace of its other alerts.
        for (var i = 0; i < webhook.Alerts.Count; i++)
        {
            if (AlertDeliveryKey.OccurrenceProblem(webhook.Alerts[i].Fingerprint, webhook.Alerts[i].StartsAt) is { } problem)
            {
                return new AlertIntakeOutcome(null, new WebhookFieldError($"alerts[{i}]", problem));
            }
        }

        var handled = new List<HandledAlert>();
        var skipped = new List<SkippedAlert>();
        var lookups = new Lookups();
        for (var i = 0; i < webhook.Alerts.Count; i++)
        {
            var alert = webhook.Alerts[i];
            var outcome = await TargetOfAsync(i, alert, lookups, cancellationToken) switch
            {
                (_, { } foreign) => foreign,
                ({ } target, _) when alert.Status == AlertStatus.Firing => await FiredAsync(i, alert, target, lookups, client, cancellationToken),
                ({ } target, _) => await ResolvedAsync(i, target, AlertIdentity(alert, target), lookups, client, cancellationToken),
                _ => throw new InvalidOperationException("An alert is either handled or skipped."),
            };
            handled.AddRange(outcome.Handled is { } done ? [done] : []);
            skipped.AddRange(outcome.Skipped is { } skip ? [skip] : []);
        }

        return new AlertIntakeOutcome(Answer(webhook, handled, skipped), null);
    }

    /// <summary>The graph, service and rule an alert names, or why it is not one of Smo's.</summary>
    private async Task<(AlertTarget? Target, SkippedAlert? Skipped)> TargetOfAsync(int index, AlertmanagerAlert alert, Lookups lookups, CancellationToken cancellationToken)
    {
        var graphName = alert.Labels.GetValueOrDefault(AlertRuleLabels.Graph);
        var serviceName = alert.Labels.GetValueOrDefault(AlertRuleLabels.Service);
        var rule = alert.Labels.GetValueOrDefault(AlertRuleLabels.Event) ?? alert.AlertName;
        if (graphName is null || serviceName is null || rule is null)
        {
            var missing = new[] { (Name: AlertRuleLabels.Graph, Value: graphName), (Name: AlertRuleLabels.Service, Value: serviceName), (Name: $"{AlertRuleLabels.Event} or alertname", Value: rule) }
                .Where(label => label.Value is null).Select(label => label.Name);
            return (null, new SkippedAlert(index, AlertSkipReason.MissingLabels, $"Missing label {string.Join(", ", missing)}: the alert is not from a rule Smo wrote."));
        }

        if (await GraphAsync(graphName, lookups, cancellationToken) is not { } graph)
        {
            return (null, new SkippedAlert(index, AlertSkipReason.UnknownGraph, "No graph of the name its smo_graph label gives is deployed."));
        }

        if (graph.Services.FirstOrDefault(s => s.Name == serviceName) is not { } service)
        {
            return (null, new SkippedAlert(index, AlertSkipReason.UnknownService, $"Graph '{graph.Name}' has no service of the name its service label gives.", graph.Name));
        }

        return service.AlertRules.Any(r => r.EventId == rule)
            ? (new AlertTarget(graph, service, rule), null)
            : (null, new SkippedAlert(index, AlertSkipReason.NotSmoRule,
                $"Service '{service.Name}' of graph '{graph.Name}' has no rule of the name the alert gives: Smo did not write the rule that fired.", graph.Name, service.Name));
    }

    /// <summary>A firing: recorded, and commanded the first time only; a policy within its cooldown moves nothing.</summary>
    private async Task<Outcome> FiredAsync(int index, AlertmanagerAlert alert, AlertTarget target, Lookups lookups, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (graph, service, rule) = target;
        var identity = AlertIdentity(alert, target);
        try
        {
            if (!await deliveries.TryRecordAsync(new AlertDeliveryKey(graph.Name, service.Name, identity, alert.StartsAt), cancellationToken))
            {
                return target.Handled(index, AlertAction.AlreadyHandled);
            }

            // Read only for a new firing: Alertmanager repeats a firing alert every minute, and a repeat does nothing.
            var descriptor = lookups.Descriptor(graph, reader);
            if (IsPolicy(descriptor, service.Name, rule))
            {
                return await deliveries.TryStartPolicyCooldownAsync(graph.Name, service.Name, options.PolicyCooldown, cancellationToken)
                    ? await CommandAsync(index, target, new GraphCommand(GraphCommandKind.PolicyFired, Service: service.Name, Policy: rule),
                        AlertAction.ReplacementCommanded, client, cancellationToken)
                    : target.Handled(index, AlertAction.CoolingDown);
            }

            var command = new GraphCommand(GraphCommandKind.AlertFired, Service: service.Name, Alert: identity, UninstallAfter: UninstallAfter(descriptor, service.Name));
            return await CommandAsync(index, target, command, AlertAction.InstallCommanded, client, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return Removed(index, target);
        }
    }

    /// <summary>A resolution matters only to a service that uninstalls after its alerts resolve.</summary>
    private async Task<Outcome> ResolvedAsync(int index, AlertTarget target, string identity, Lookups lookups, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var descriptor = lookups.Descriptor(target.Graph, reader);
        if (IsPolicy(descriptor, target.Service.Name, target.Rule) || UninstallAfter(descriptor, target.Service.Name) is not { } after)
        {
            return target.Handled(index, AlertAction.NothingToUndo);
        }

        var command = new GraphCommand(GraphCommandKind.AlertResolved, Service: target.Service.Name, Alert: identity, UninstallAfter: after);
        return await CommandAsync(index, target, command, AlertAction.ResolutionCommanded, client, cancellationToken);
    }

    private async Task<Outcome> CommandAsync(int index, AlertTarget target, GraphCommand command, AlertAction action, DurableTaskClient client, CancellationToken cancellationToken) =>
        await commands.SendAsync(client, target.Graph.Name, command, cancellationToken) == CommandDelivery.Delivered
            ? target.Handled(index, action)
            : Removed(index, target);

    private static SkippedAlert Removed(int index, AlertTarget target) =>
        new(index, AlertSkipReason.GraphRemoved, $"Graph '{target.Graph.Name}' was removed while the alert was handled.", target.Graph.Name, target.Service.Name);

    /// <summary>The descriptor's delay, raised to the host's floor (a graph deployed under a lower floor waits the floor).</summary>
    private TimeSpan? UninstallAfter(HdaGraph descriptor, string service) =>
        descriptor.Service(service)?.Trigger.Event?.UninstallAfterResolved is { } after
            ? (after < options.MinUninstallAfterResolved ? options.MinUninstallAfterResolved : after)
            : null;

    private static bool IsPolicy(HdaGraph descriptor, string service, string rule) =>
        descriptor.Service(service)?.Policies.Any(p => p.Id == rule) == true;

    /// <summary>Alertmanager's fingerprint of the alert's label set; without one (not Alertmanager), the rule's name.</summary>
    private static string AlertIdentity(AlertmanagerAlert alert, AlertTarget target) => alert.Fingerprint ?? target.Rule;

    /// <summary>The graph a label names; none for a name no graph can have (not a DNS-1123 label, which the store refuses before any SQL).</summary>
    private async Task<GraphRecord?> GraphAsync(string name, Lookups lookups, CancellationToken cancellationToken)
    {
        if (lookups.Graphs.TryGetValue(name, out var known))
        {
            return known;
        }

        GraphRecord? graph;
        try
        {
            graph = await graphs.GetAsync(name, cancellationToken);
        }
        catch (ArgumentException)
        {
            graph = null;
        }

        lookups.Graphs[name] = graph;
        return graph;
    }

    private static AlertsReceived Answer(AlertmanagerWebhook webhook, IReadOnlyList<HandledAlert> handled, IReadOnlyList<SkippedAlert> skipped)
    {
        IReadOnlyList<string> Of(params AlertAction[] actions) =>
            [.. handled.Where(h => actions.Contains(h.Action)).Select(h => $"{h.Graph}/{h.Service}")];

        return new AlertsReceived("Alert received", webhook.Alerts.Count, webhook.Alerts.Count(a => a.Status == AlertStatus.Firing),
            Of(AlertAction.InstallCommanded, AlertAction.ReplacementCommanded), Of(AlertAction.CoolingDown), handled, skipped);
    }

    /// <summary>What became of one alert: handled, or skipped.</summary>
    private sealed record Outcome(HandledAlert? Handled, SkippedAlert? Skipped)
    {
        public static implicit operator Outcome(HandledAlert handled) => new(handled, null);

        public static implicit operator Outcome(SkippedAlert skipped) => new(null, skipped);
    }

    /// <summary>A stored graph, one of its services, and the name of one of that service's rules.</summary>
    private sealed record AlertTarget(GraphRecord Graph, ServiceRecord Service, string Rule)
    {
        public HandledAlert Handled(int index, AlertAction action) => new(index, Graph.Name, Service.Name, Rule, action);
    }

    /// <summary>What one webhook looked up, so a notification of many alerts reads each graph once and parses each descriptor once.</summary>
    private sealed class Lookups
    {
        private readonly Dictionary<string, HdaGraph> _descriptors = new(StringComparer.Ordinal);

        public Dictionary<string, GraphRecord?> Graphs { get; } = new(StringComparer.Ordinal);

        public HdaGraph Descriptor(GraphRecord graph, GraphReader reader)
        {
            if (!_descriptors.TryGetValue(graph.Name, out var descriptor))
            {
                descriptor = reader.Descriptor(graph);
                _descriptors[graph.Name] = descriptor;
            }

            return descriptor;
        }
    }
}

/// <summary>
/// What became of a webhook: received (and what became of each alert), or refused because an alert cannot be recorded
/// as it is (<see cref="Invalid"/>: where and why).
/// </summary>
public sealed record AlertIntakeOutcome(AlertsReceived? Received, WebhookFieldError? Invalid);
