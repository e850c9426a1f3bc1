using Microsoft.Azure.Functions.Worker;
using Smo.Orchestrations.Graphs;
using Smo.Store.Versions;

namespace Smo.Functions.Graphs.Updates;

/// <summary>Forgets the services an update removed, once uninstalled.</summary>
public sealed class RemoveServicesActivity(GraphVersions versions)
{
    [Function(GraphUpdateActivities.RemoveServices)]
    public async Task<bool> RunAsync([ActivityTrigger] ServicesRef input, CancellationToken cancellationToken)
    {
        await versions.RemoveServicesAsync(input.Graph, input.Services, cancellationToken);
        return true;
    }
}
