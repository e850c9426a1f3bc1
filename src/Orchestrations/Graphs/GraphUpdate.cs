namespace Smo.Orchestrations.Graphs;

/// <summary>
/// The activities an update in place calls (besides placement, installs and uninstalls), by name. Each is idempotent
/// and reads what it needs from the store.
/// </summary>
public static class GraphUpdateActivities
{
    /// <summary><see cref="GraphVersionRef"/> → <see cref="GraphUpdatePlan"/>: what the pending version adds, removes and upgrades from; reads only.</summary>
    public const string PlanGraphUpdate = nameof(PlanGraphUpdate);

    /// <summary><see cref="VersionStoreRequest"/> → nothing: the graph's rows as the version translates them (its placement kept).</summary>
    public const string StoreGraphVersion = nameof(StoreGraphVersion);

    /// <summary>graph name → installed service → fingerprint of what Helm installs (chart and final values).</summary>
    public const string ServiceFingerprints = nameof(ServiceFingerprints);

    /// <summary><see cref="ServicesRef"/> → nothing: forgets services an update removed (after their uninstall).</summary>
    public const string RemoveServices = nameof(RemoveServices);

    /// <summary><see cref="ServiceRevision"/> → true if helm rolled the release back: to the revision it had before the update, if it moved since.</summary>
    public const string RollbackService = nameof(RollbackService);

    /// <summary><see cref="VersionOutcome"/> → nothing: the version applied, or failed with its reason (also the graph's failure reason).</summary>
    public const string SettleGraphVersion = nameof(SettleGraphVersion);
}

public sealed record GraphVersionRef(string Graph, int Version);

/// <param name="Restore">Going back to the version a failed update started from: services it does not have are forgotten.</param>
public sealed record VersionStoreRequest(string Graph, int Version, bool Restore = false);

/// <summary>What an update starts from, read before anything changes.</summary>
/// <param name="From">The version the graph runs now.</param>
/// <param name="To">The pending version.</param>
/// <param name="Fingerprints">Each installed service's chart and values now: a service whose fingerprint the new version changes is upgraded.</param>
/// <param name="Revisions">Each installed service's Helm revision now: what a failed update rolls it back to.</param>
/// <param name="Summary">What changes, one line (the version's own).</param>
/// <param name="Refusal">Why there is nothing to apply (the version is not pending); null otherwise.</param>
public sealed record GraphUpdatePlan(
    int From, int To, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyDictionary<string, string> Fingerprints,
    IReadOnlyDictionary<string, int> Revisions, string Summary, string? Refusal = null)
{
    public static GraphUpdatePlan Refused(int to, string why) =>
        new(0, to, [], [], new Dictionary<string, string>(), new Dictionary<string, int>(), "", why);
}

public sealed record ServicesRef(string Graph, IReadOnlyList<string> Services);

public sealed record ServiceRevision(string Graph, string Service, int Revision);

/// <param name="FailureReason">Null: applied.</param>
public sealed record VersionOutcome(string Graph, int Version, string? FailureReason = null);
