using Smo.Adapters.Helm;
using Smo.Hdag;
using Smo.Store.Graphs;

namespace Smo.Functions.Installs;

/// <summary>
/// Before a graph is stored, its services' Helm releases and Deployments must be its own to take in its project:
/// a service id another graph of the project already runs would share that graph's Deployment, and a release of the
/// graph's name that someone else installed would be taken over by <c>helm upgrade --install</c>. Either is refused
/// with the owner's name. A release this graph left behind (a removal that did not finish) is its own again.
/// </summary>
public sealed class ReleaseOwnership(IHelmRunner helm, GraphStore graphs)
{
    /// <summary>Why the graph cannot take its releases; null when it can.</summary>
    /// <exception cref="Smo.Adapters.AdapterException">helm could not say which releases exist.</exception>
    public async Task<string?> ConflictAsync(HdaGraph graph, string project, CancellationToken cancellationToken)
    {
        var services = graph.Services.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var other in await graphs.ListByProjectAsync(project, cancellationToken))
        {
            if (other.Name != graph.Id && other.Services.FirstOrDefault(s => services.Contains(s.Name)) is { } shared)
            {
                return $"Service '{shared.Name}' would share its Deployment in project '{project}' with graph '{other.Name}', which owns it; "
                       + "rename the service or deploy into another project.";
            }
        }

        var releases = graph.Services.ToDictionary(s => ReleaseNames.For(graph.Id, s.Id), s => s.Id, StringComparer.Ordinal);
        foreach (var release in await helm.ExistingAsync([.. releases.Keys], project, cancellationToken))
        {
            if (await helm.StatusAsync(release, project, cancellationToken) is { } status
                && status.Description != ReleaseNames.Description(graph.Id, releases[release]))
            {
                return $"Helm release '{release}' in project '{project}' exists and is not this graph's: it was installed by "
                       + $"{ReleaseNames.Owner(status.Description)}; Smo does not take over releases it did not install.";
            }
        }

        return null;
    }
}
