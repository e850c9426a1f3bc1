namespace Smo.Orchestrations.Graphs;

/// <summary>Where a graph's orchestration is in its life; the graph's stored status says the same to users.</summary>
public enum GraphPhase
{
    /// <summary>Placing, creating rules and dashboards, installing: the first episode.</summary>
    Deploying,

    /// <summary>Installed; the scaling loop ticks.</summary>
    Running,

    /// <summary>Uninstalled by a stop command; waits for start or remove.</summary>
    Stopped,

    /// <summary>A deploy step failed after its retries; waits for start (deploy again) or remove.</summary>
    Failed,
}

/// <summary>
/// What one episode of a graph's orchestration hands the next (ContinueAsNew): small, so each tick's history stays
/// a few events long however long the graph lives.
/// </summary>
/// <param name="Graph">The graph's name (hdaGraph.id).</param>
/// <param name="Phase">Where the graph is.</param>
/// <param name="ScalingInterval">Time between scaling ticks while running.</param>
/// <param name="NextTickAt">When the next scaling tick is due; commands do not move it, so ticks stay regular.</param>
/// <param name="Ticks">Scaling ticks so far, for the status and the tests.</param>
/// <param name="ReplaceAgainAt">
/// Set when a re-placement asked for by infeasible scaling moved nothing: until then, infeasible ticks do not ask
/// again (the same inputs would give the same placement), so a full cluster costs a decision per tick, not a
/// placement, an inventory sync and an event.
/// </param>
/// <param name="ScaledAt">
/// When the last scaling decision was asked for (it reads the rates after that): a load command for an overload seen
/// before then is already answered, so a graph that lags behind its load watch does not decide once per report.
/// </param>
/// <param name="Uninstalls">
/// The conditional services that are uninstalled once their alerts stay resolved: which of their alerts fire, and
/// when an uninstall is due. Only services whose descriptor asks for it (<c>uninstallAfterResolved</c>) are here.
/// </param>
/// <param name="DriftCheckedAt">When drift was last checked (Helm releases, scheduling, alert rules); null: never, so the next tick checks.</param>
/// <param name="DriftCheckInterval">Time between drift checks, as the last check reported the host's setting; null: not known yet.</param>
/// <param name="Degraded">
/// The services failed clusters held after the last recovery (pinned there, waiting for the operator, or with no
/// placement), as the graph's Degraded status shows them; null: none. A tick that finds the same services stranded
/// does not re-place again — it would decide the same — until something changes or <paramref name="RecoverAgainAt"/>.
/// </param>
/// <param name="RecoverAgainAt">When a recovery that found no placement at all is tried again though nothing changed; null: never.</param>
public sealed record GraphLifecycle(
    string Graph, GraphPhase Phase, TimeSpan ScalingInterval, DateTime? NextTickAt = null, long Ticks = 0, DateTime? ReplaceAgainAt = null,
    DateTime? ScaledAt = null, IReadOnlyList<ConditionalUninstall>? Uninstalls = null, DateTime? DriftCheckedAt = null, TimeSpan? DriftCheckInterval = null,
    IReadOnlyList<StrandedService>? Degraded = null, DateTime? RecoverAgainAt = null)
{
    /// <summary>Whether a tick at <paramref name="now"/> checks drift: never checked, interval not known, or the interval has passed.</summary>
    public bool DriftCheckDue(DateTime now) => DriftCheckedAt is not { } checkedAt || DriftCheckInterval is not { } interval || now - checkedAt >= interval;

    /// <summary>How long infeasible scaling waits after a re-placement that moved nothing: ten ticks, at least a minute.</summary>
    public TimeSpan FutileReplacementPause => ScalingInterval * 10 > TimeSpan.FromMinutes(1) ? ScalingInterval * 10 : TimeSpan.FromMinutes(1);

    /// <summary>One orchestration per graph, found by name: the instance id is derived from it.</summary>
    public static string InstanceIdFor(string graph) => $"graph:{graph}";
}
