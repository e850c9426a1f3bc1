using Microsoft.Azure.Functions.Worker;
using Smo.Orchestrations.Graphs;
using Smo.Store.Versions;

namespace Smo.Functions.Graphs.Updates;

/// <summary>Settles the pending version: applied, or failed with the reason the graph then shows.</summary>
public sealed class SettleGraphVersionActivity(GraphVersions versions)
{
    [Function(GraphUpdateActivities.SettleGraphVersion)]
    public async Task<bool> RunAsync([ActivityTrigger] VersionOutcome input, CancellationToken cancellationToken) =>
        await versions.SettleAsync(input.Graph, input.Version, input.FailureReason is null ? VersionState.Applied : VersionState.Failed, input.FailureReason,
            cancellationToken);
}
