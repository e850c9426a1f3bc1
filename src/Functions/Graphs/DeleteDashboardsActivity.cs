using Microsoft.Azure.Functions.Worker;
using Smo.Adapters;
using Smo.Adapters.Grafana;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>
/// A graph's dashboards go with it: its own and each service's, by the uids the templates gave them — every one, not
/// only those with a stored URL, so one published just before a crash (its URL not yet stored) goes too; one Grafana
/// does not have is gone already. Without Grafana configured there is nothing to delete. A failure names what was
/// attempted and Grafana's status, not Grafana's words, since the orchestration records it.
/// </summary>
/// <param name="publisher">Grafana, when it is configured.</param>
public sealed class DeleteDashboardsActivity(GraphStore graphs, IDashboardPublisher? publisher = null)
{
    [Function(GraphActivities.DeleteDashboards)]
    public async Task<int> RunAsync([ActivityTrigger] string input, CancellationToken cancellationToken)
    {
        if (publisher is null || await graphs.GetAsync(input, cancellationToken) is not { } graph)
        {
            return 0;
        }

        var uids = DashboardTemplates.GraphUids(graph.Project, graph.Name, graph.Services.Select(s => s.Name));
        var gone = 0;
        var deleted = 0;
        foreach (var uid in uids)
        {
            try
            {
                deleted += await publisher.DeleteAsync(uid, cancellationToken) ? 1 : 0;
                gone++;
            }
            catch (AdapterException failure)
            {
                throw new InvalidOperationException($"{gone} of {uids.Count} dashboards deleted; {failure.Summary}.");
            }
        }

        return deleted;
    }
}
