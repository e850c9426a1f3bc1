namespace Smo.Orchestrations.Graphs;

/// <summary>What the API, the webhook and the inventory timer ask of a graph's orchestration.</summary>
public enum GraphCommandKind
{
    /// <summary>An alert fired for an event-triggered service: install it (once; repeats are no-ops).</summary>
    AlertFired,

    /// <summary>
    /// An alert of an event-triggered service that uninstalls after its alerts resolve (<see cref="GraphCommand.UninstallAfter"/>)
    /// was resolved: once none of the service's alerts fires, its uninstall is due after that delay.
    /// </summary>
    AlertResolved,

    /// <summary>Decide the placement again and move only the services whose cluster changes.</summary>
    Replace,

    /// <summary>Switch the graph to another placement or scaling strategy (and weights) and decide with it now.</summary>
    ExecuteStrategy,

    /// <summary>Run a scaling decision now instead of at the next tick: the load watch saw a service overloaded.</summary>
    ScaleNow,

    /// <summary>Uninstall the services and remove the alert rules; keep the graph.</summary>
    Stop,

    /// <summary>Reinstall what a stop removed (or deploy again after a failed deploy).</summary>
    Start,

    /// <summary>Uninstall, remove rules and dashboards, forget the graph; the orchestration ends.</summary>
    Remove,

    /// <summary>An operational policy's alert fired: re-place with its service moved as the policy says.</summary>
    PolicyFired,

    /// <summary>The cluster inventory changed: re-place if a cluster the graph uses is gone or not ready.</summary>
    InventoryChanged,

    /// <summary>
    /// A cluster's expected carbon intensity or price changed enough since the graph's last placement: re-place,
    /// keeping services that moved recently where they are (<see cref="GraphCommand.Reason"/> says what changed).
    /// </summary>
    CarbonChanged,

    /// <summary>
    /// Apply a stored version of the graph's descriptor (<see cref="GraphCommand.Version"/>): place and install what it
    /// adds, upgrade what it changes, uninstall what it removes; a failed upgrade rolls back to the version before.
    /// </summary>
    Update,
}

/// <summary>One command, raised as the external event <see cref="EventName"/>; commands are handled in arrival order.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Service">The service, for <see cref="GraphCommandKind.AlertFired"/> and <see cref="GraphCommandKind.PolicyFired"/>.</param>
/// <param name="Strategy">The strategy name, for <see cref="GraphCommandKind.ExecuteStrategy"/>.</param>
/// <param name="RequestedAt">When the command was raised, to measure decision latency.</param>
/// <param name="Policy">The policy id (its alert's name), for <see cref="GraphCommandKind.PolicyFired"/>.</param>
/// <param name="Alert">
/// Which alert, for <see cref="GraphCommandKind.AlertFired"/> and <see cref="GraphCommandKind.AlertResolved"/>:
/// Alertmanager's fingerprint of its label set, so a rule firing for several series is followed series by series.
/// </param>
/// <param name="UninstallAfter">
/// How long the service's alerts must stay resolved before it is uninstalled (its descriptor's
/// <c>trigger.event.uninstallAfterResolved</c>, at least the host's floor); null: the service stays installed.
/// </param>
/// <param name="Run">The kind of <paramref name="Strategy"/> and the run's weights and solver options; null: a placement strategy as it is.</param>
/// <param name="Reason">What changed, for <see cref="GraphCommandKind.CarbonChanged"/>: recorded with the re-placement.</param>
/// <param name="Version">The stored version to apply, for <see cref="GraphCommandKind.Update"/>.</param>
public sealed record GraphCommand(
    GraphCommandKind Kind, string? Service = null, string? Strategy = null, DateTime? RequestedAt = null, string? Policy = null,
    string? Alert = null, TimeSpan? UninstallAfter = null, StrategyRun? Run = null, string? Reason = null, int? Version = null)
{
    public const string EventName = "GraphCommand";
}
