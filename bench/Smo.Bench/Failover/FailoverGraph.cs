using Smo.Functions.Installs;

namespace Smo.Bench.Failover;

/// <summary>
/// A graph the failover suite deployed: its kind (<c>plain</c> or <c>ha</c>), its name, the namespace its services run
/// in (its project) and its services, each a Helm release <see cref="ReleaseNames"/> names and a Deployment of its name.
/// </summary>
internal sealed record FailoverGraph(string Kind, string Name, string Namespace, IReadOnlyList<string> Services)
{
    public string Release(string service) => ReleaseNames.For(Name, service);
}
