using System.Text.Json;

namespace Smo.Store.Versions;

/// <summary>What made a graph version: the deploy, an update (<c>PUT /graphs/{name}</c>) or a rollback to an older one.</summary>
public enum VersionOrigin
{
    Deploy,
    Update,
    Rollback,
}

/// <summary>Where a version is: being applied by the graph's orchestration, applied (it ran or runs), or rolled back.</summary>
public enum VersionState
{
    Pending,
    Applied,
    Failed,
}

/// <summary>One stored version of a graph's descriptor.</summary>
/// <param name="DescriptorVersion">The descriptor's own <c>hdaGraph.version</c>, as written.</param>
/// <param name="RollbackOf">For a rollback, the version whose descriptor it brought back.</param>
/// <param name="Summary">What changed from the version before it, one line.</param>
/// <param name="Diff">What changed, service by service (the update API's <c>diff</c>); null for the first version.</param>
/// <param name="Current">Whether the graph runs this version now.</param>
/// <param name="Descriptor">The descriptor; only when one version is read (<see cref="GraphVersions.GetAsync"/>).</param>
public sealed record GraphVersionRecord(
    string Graph, int Number, string? DescriptorVersion, VersionOrigin Origin, int? RollbackOf, VersionState State, string Summary, JsonElement? Diff,
    string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset? SettledAt, bool Current, JsonElement? Descriptor = null);

/// <summary>A version as an update or a rollback first stores it: pending until the graph's orchestration applies it.</summary>
public sealed record NewGraphVersion(string Graph, JsonElement Descriptor, string? DescriptorVersion, VersionOrigin Origin, string Summary, JsonElement? Diff)
{
    public int? RollbackOf { get; init; }
}
