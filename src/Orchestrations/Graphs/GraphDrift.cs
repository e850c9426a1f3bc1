namespace Smo.Orchestrations.Graphs;

/// <summary>A service's replicas changed outside Smo, as a scaling tick found and decided them.</summary>
/// <param name="Decided">The replicas Smo last decided (stored).</param>
/// <param name="Found">The replicas the Deployment had in Karmada.</param>
/// <param name="DecidedAnew">What the tick decided from there (Karmada's count when it could not decide, e.g. without rate data).</param>
public sealed record ReplicaDrift(string Service, int Decided, int Found, int DecidedAnew);

/// <summary>What a drift check found wrong with an installed service; each is repaired by installing it again with Smo's values.</summary>
public enum DriftKind
{
    /// <summary>Its Deployment is gone from Karmada (a scaling tick found it).</summary>
    DeploymentMissing,

    /// <summary>Its Helm release is gone (uninstalled outside Smo).</summary>
    ReleaseMissing,

    /// <summary>Its Helm release is at a revision Smo did not make (upgraded, rolled back outside Smo).</summary>
    ReleaseChanged,

    /// <summary>Karmada has scheduled its Deployment on a cluster other than its placement.</summary>
    Misplaced,
}

/// <param name="Finding">What was found, in words for the graph's events.</param>
public sealed record ServiceDrift(string Service, DriftKind Kind, string Finding);

/// <summary>One drift check's findings.</summary>
/// <param name="Services">Drift of installed services.</param>
/// <param name="Rules">What is wrong with the graph's alert rules (missing or changed), or null when they are in place.</param>
/// <param name="Unchecked">Checks that could not be made, with why; the others' findings stand.</param>
/// <param name="Interval">How long until the next check is due (<c>Smo:Graphs:DriftCheckInterval</c>; zero: every tick).</param>
public sealed record DriftReport(IReadOnlyList<ServiceDrift> Services, string? Rules, IReadOnlyList<string> Unchecked, TimeSpan Interval);
