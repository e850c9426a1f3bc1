namespace Smo.Orchestrations.Graphs;

/// <summary>
/// How the alerts of conditional services that uninstall after resolving are followed: pure functions of the
/// graph's <see cref="GraphLifecycle.Uninstalls"/>, the time given by the orchestration (deterministic).
/// </summary>
public static class ConditionalUninstalls
{
    /// <summary>
    /// Firing alerts followed per service: a rule fires once per series its query returns, and the list travels with
    /// every episode of the graph's orchestration, so it must stay small whatever a webhook sends.
    /// </summary>
    public const int MaxFollowedAlerts = 32;

    /// <summary>One of the service's alerts fires: it is followed, and a due uninstall is cancelled.</summary>
    public static FiredOutcome Fired(IReadOnlyList<ConditionalUninstall>? uninstalls, string service, string alert, TimeSpan after)
    {
        var current = Of(uninstalls, service) ?? new ConditionalUninstall(service, after, []);
        var followed = current.Firing.Contains(alert, StringComparer.Ordinal);
        var overflows = !followed && current.Firing.Count >= MaxFollowedAlerts;
        var next = current with
        {
            After = after,
            Firing = followed || overflows ? current.Firing : [.. current.Firing, alert],
            DueAt = null,
            Untracked = current.Untracked || overflows,
        };
        return new FiredOutcome(Replace(uninstalls, next), Cancelled: current.DueAt is not null, NowUntracked: overflows && !current.Untracked);
    }

    /// <summary>
    /// One of the service's alerts resolved: it is no longer followed, and when none of the service's alerts fires the
    /// uninstall is due <see cref="ConditionalUninstall.After"/> from <paramref name="now"/> (an uninstall already due keeps its time).
    /// </summary>
    public static ResolvedOutcome Resolved(IReadOnlyList<ConditionalUninstall>? uninstalls, string service, string alert, TimeSpan after, DateTime now)
    {
        var current = Of(uninstalls, service) ?? new ConditionalUninstall(service, after, []);
        var firing = current.Firing.Where(a => !string.Equals(a, alert, StringComparison.Ordinal)).ToList();
        var starts = firing.Count == 0 && current.DueAt is null && !current.Untracked;
        var next = current with { After = after, Firing = firing, DueAt = starts ? now + after : current.DueAt };
        return new ResolvedOutcome(Replace(uninstalls, next), starts ? next.DueAt : null);
    }

    /// <summary>The services whose uninstall is due at <paramref name="now"/>, earliest first.</summary>
    public static IReadOnlyList<ConditionalUninstall> DueBy(IReadOnlyList<ConditionalUninstall>? uninstalls, DateTime now) =>
        [.. (uninstalls ?? []).Where(u => u.DueAt <= now).OrderBy(u => u.DueAt)];

    /// <summary>When the next uninstall is due, if any is.</summary>
    public static DateTime? NextDue(IReadOnlyList<ConditionalUninstall>? uninstalls) => (uninstalls ?? []).Min(u => u.DueAt);

    /// <summary>The service is uninstalled: nothing of it is followed until one of its alerts fires again.</summary>
    public static IReadOnlyList<ConditionalUninstall> Without(IReadOnlyList<ConditionalUninstall>? uninstalls, string service) =>
        [.. (uninstalls ?? []).Where(u => u.Service != service)];

    /// <summary>The uninstall failed: it is tried again once the delay has passed again.</summary>
    public static IReadOnlyList<ConditionalUninstall> Postponed(IReadOnlyList<ConditionalUninstall>? uninstalls, string service, DateTime now) =>
        Of(uninstalls, service) is { } current ? Replace(uninstalls, current with { DueAt = now + current.After }) : uninstalls ?? [];

    private static ConditionalUninstall? Of(IReadOnlyList<ConditionalUninstall>? uninstalls, string service) =>
        uninstalls?.FirstOrDefault(u => u.Service == service);

    private static IReadOnlyList<ConditionalUninstall> Replace(IReadOnlyList<ConditionalUninstall>? uninstalls, ConditionalUninstall next) =>
        [.. (uninstalls ?? []).Where(u => u.Service != next.Service), next];
}

/// <param name="Cancelled">An uninstall was due and is not any more.</param>
/// <param name="NowUntracked">This alert was one too many to follow: the service is no longer uninstalled automatically.</param>
public sealed record FiredOutcome(IReadOnlyList<ConditionalUninstall> Uninstalls, bool Cancelled, bool NowUntracked);

/// <param name="DueAt">When the uninstall is due, if this resolution started the delay.</param>
public sealed record ResolvedOutcome(IReadOnlyList<ConditionalUninstall> Uninstalls, DateTime? DueAt);
