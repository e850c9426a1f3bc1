using Microsoft.Azure.Functions.Worker;
using Smo.Functions.Graphs;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Drift;

/// <summary>Looks for the drift a scaling tick cannot see (<see cref="DriftInspector"/>); reads only, the orchestration repairs.</summary>
public sealed class CheckDriftActivity(GraphReader reader, DriftInspector inspector)
{
    [Function(GraphActivities.CheckDrift)]
    public async Task<DriftReport> RunAsync([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        await inspector.InspectAsync(await reader.GetAsync(input), cancellationToken);
}
