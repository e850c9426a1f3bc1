namespace Smo.Orchestrations.Graphs;

/// <summary>
/// A conditional service that is uninstalled once its alerts have stayed resolved for <paramref name="After"/>
/// (<c>trigger.event.uninstallAfterResolved</c>): the alerts of it that fire now, and when its uninstall is due.
/// </summary>
/// <param name="Firing">Alertmanager fingerprints of the service's alerts that fired and have not resolved.</param>
/// <param name="DueAt">Set when the last of them resolved; cleared when one fires again.</param>
/// <param name="Untracked">
/// More of its alerts fired at once than are followed (<see cref="ConditionalUninstalls.MaxFollowedAlerts"/>): Smo can
/// no longer tell when all have resolved, so it keeps the service installed.
/// </param>
public sealed record ConditionalUninstall(string Service, TimeSpan After, IReadOnlyList<string> Firing, DateTime? DueAt = null, bool Untracked = false);
