using Microsoft.Azure.Functions.Worker;
using Smo.Adapters;
using Smo.Adapters.Helm;
using Smo.Functions.Installs;
using Smo.Functions.Secrets;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs.Updates;

/// <summary>
/// A release a failed update upgraded goes back to its revision from before (<c>helm rollback</c>) unless helm left it
/// there; the service is deployed again at the revision helm now reports, so the drift check takes it as Smo's.
/// False when nothing was rolled back (the release is at that revision, or gone).
/// </summary>
public sealed class RollbackServiceActivity(GraphReader reader, IHelmRunner helm, GraphStore graphs, SecretValues secrets)
{
    /// <summary>How much of helm's words a failed rollback keeps: they go into the graph's events.</summary>
    public const int MaxReason = 600;

    [Function(GraphUpdateActivities.RollbackService)]
    public async Task<bool> RunAsync([ActivityTrigger] ServiceRevision input, CancellationToken cancellationToken)
    {
        var graph = await reader.GetAsync(input.Graph, cancellationToken);
        if (graph.Services.FirstOrDefault(s => s.Name == input.Service) is not { } service)
        {
            return false;
        }

        var release = ReleaseNames.For(graph.Name, service.Name);
        if ((await helm.ListAsync([release], graph.Project, cancellationToken)).FirstOrDefault() is not { } listed)
        {
            return false;
        }

        var rolledBack = listed.Revision != input.Revision;
        if (rolledBack)
        {
            try
            {
                await helm.RollbackAsync(release, graph.Project, input.Revision, cancellationToken);
            }
            catch (AdapterException failure)
            {
                // Helm may quote the values of either revision; the service's own are the ones Smo can mask, as an install does.
                var reason = secrets.MaskIn(failure.Reason, service.HelmValues);
                throw new AdapterException(failure.System, failure.Operation, failure.Failure, reason.Length <= MaxReason ? reason : reason[..MaxReason] + "…")
                {
                    HttpStatus = failure.HttpStatus,
                };
            }

            listed = (await helm.ListAsync([release], graph.Project, cancellationToken)).FirstOrDefault() ?? listed;
        }

        await graphs.UpdateServiceAsync(graph.Name, service.Name, new ServiceUpdate
        {
            Status = ServiceStatus.Deployed,
            HelmRevision = listed.Revision >= 1 ? listed.Revision : null,
            ExpectedVersion = service.Version,
        }, CancellationToken.None);
        return rolledBack;
    }
}
