using System.Text.Json.Serialization;

namespace Smo.Functions.Alerts;

/// <summary>The webhook's answer: the original's <c>message</c>, and what became of each alert.</summary>
/// <param name="Alerts">Alerts in the notification.</param>
/// <param name="Firing">Of those, the ones firing.</param>
/// <param name="Commanded">graph/service of each firing alert that became a command; a repeat of one already handled does not.</param>
/// <param name="CoolingDown">graph/service of each policy alert not acted on: the policy moved the service within the cooldown.</param>
/// <param name="Handled">Each alert of a Smo rule, and what was done.</param>
/// <param name="Skipped">Each other alert, by its index, and why; nothing was done for it.</param>
public sealed record AlertsReceived(
    string Message, int Alerts, int Firing, IReadOnlyList<string> Commanded, IReadOnlyList<string> CoolingDown,
    IReadOnlyList<HandledAlert> Handled, IReadOnlyList<SkippedAlert> Skipped);

/// <summary>An alert of one of Smo's rules: its index in <c>alerts[]</c>, the graph, service and rule it names, and what was done.</summary>
/// <param name="Rule">The trigger event or policy id, as the graph's descriptor names it.</param>
public sealed record HandledAlert(int Index, string Graph, string Service, string Rule, AlertAction Action);

/// <summary>
/// An alert Smo did nothing for: its index in <c>alerts[]</c> and why. Nothing of the alert is echoed but names of
/// Smo's own graphs and services: its labels are the sender's, of any size.
/// </summary>
/// <param name="Detail">Why, in a sentence of Smo's own.</param>
/// <param name="Graph">The deployed graph it names, when it names one.</param>
/// <param name="Service">The graph's service it names, when it names one.</param>
public sealed record SkippedAlert(int Index, AlertSkipReason Reason, string Detail, string? Graph = null, string? Service = null);

/// <summary>What the webhook did for an alert of a Smo rule.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertAction>))]
public enum AlertAction
{
    /// <summary>A trigger event fired: the graph installs its conditional service (nothing if it already is).</summary>
    InstallCommanded,

    /// <summary>A policy fired: the graph re-places its service as the policy says.</summary>
    ReplacementCommanded,

    /// <summary>A repeat of a firing already handled (Alertmanager repeats a firing alert): nothing more.</summary>
    AlreadyHandled,

    /// <summary>A policy fired within the cooldown of the service's last move: nothing moves.</summary>
    CoolingDown,

    /// <summary>
    /// A trigger event resolved, and its service uninstalls after its alerts resolve: the graph starts the delay once
    /// none of them fires.
    /// </summary>
    ResolutionCommanded,

    /// <summary>A resolved alert of a policy, or of a service that stays installed: nothing to undo.</summary>
    NothingToUndo,
}

/// <summary>Why the webhook did nothing for an alert.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertSkipReason>))]
public enum AlertSkipReason
{
    /// <summary>It lacks a label every Smo rule carries (<c>smo_graph</c>, <c>service</c>, and <c>smo_event</c> or <c>alertname</c>).</summary>
    MissingLabels,

    /// <summary>No deployed graph has the name it gives (another team's alert, or a graph since removed).</summary>
    UnknownGraph,

    /// <summary>The graph has no service of the name it gives.</summary>
    UnknownService,

    /// <summary>The service has no rule of the name it gives: Smo did not write the rule that fired.</summary>
    NotSmoRule,

    /// <summary>The graph was removed while the webhook was handling the alert.</summary>
    GraphRemoved,
}
