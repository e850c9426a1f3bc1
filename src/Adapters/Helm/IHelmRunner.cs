namespace Smo.Adapters.Helm;

/// <summary>Installs and removes Helm releases; a failed command is an <see cref="AdapterException"/> carrying helm's stderr.</summary>
public interface IHelmRunner
{
    /// <summary><c>helm upgrade --install</c>: idempotent, so it may be repeated after a crash. Returns helm's stdout.</summary>
    Task<string> UpgradeInstallAsync(HelmRelease release, CancellationToken cancellationToken = default);

    /// <summary>Which of <paramref name="releases"/> exist in <paramref name="namespace"/>, in any state (<c>helm list --all --filter</c>).</summary>
    Task<IReadOnlyList<string>> ExistingAsync(IReadOnlyList<string> releases, string @namespace, CancellationToken cancellationToken = default);

    /// <summary>
    /// The releases of <paramref name="releases"/> in <paramref name="namespace"/>, in any state, with their revision and
    /// status (<c>helm list --all --filter -o json</c>): one helm process for a whole graph.
    /// </summary>
    Task<IReadOnlyList<HelmListedRelease>> ListAsync(IReadOnlyList<string> releases, string @namespace, CancellationToken cancellationToken = default);

    /// <summary><c>helm status -o json</c>; null when there is no such release.</summary>
    Task<HelmReleaseStatus?> StatusAsync(string release, string @namespace, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>helm rollback RELEASE REVISION</c>: the release goes back to that revision's chart and values, as a new
    /// revision. An unknown release or revision is an <see cref="AdapterException"/> (<see cref="AdapterFailure.Rejected"/>)
    /// with helm's words.
    /// </summary>
    Task RollbackAsync(string release, string @namespace, int revision, CancellationToken cancellationToken = default);

    /// <summary><c>helm uninstall</c>; returns false when there was no such release (already removed).</summary>
    Task<bool> UninstallAsync(string release, string @namespace, CancellationToken cancellationToken = default);
}
