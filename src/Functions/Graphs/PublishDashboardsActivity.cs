using Microsoft.Azure.Functions.Worker;
using Smo.Adapters.Grafana;
using Smo.Orchestrations.Graphs;
using Smo.Store.Events;
using Smo.Store.Graphs;

namespace Smo.Functions.Graphs;

/// <summary>
/// The graph's and each service's Grafana dashboard (the original's panels), their URLs stored. Without Grafana
/// configured there is nothing to publish, which is recorded once per deploy rather than failing it.
/// </summary>
/// <param name="publisher">Grafana, and <paramref name="templates"/> its dashboards, when Grafana is configured.</param>
public sealed class PublishDashboardsActivity(
    GraphReader reader, GraphStore graphs, EventLog events, IDashboardPublisher? publisher = null, DashboardTemplates? templates = null)
{
    [Function(GraphActivities.PublishDashboards)]
    public async Task<int> RunAsync([ActivityTrigger] string input, CancellationToken cancellationToken)
    {
        var graph = await reader.GetAsync(input);
        if (publisher is null || templates is null)
        {
            await events.AppendAsync(new NewEvent(graph.Name, null, "dashboards-skipped", "Grafana is not configured (Smo:Grafana); no dashboards published."));
            return 0;
        }

        foreach (var service in graph.Services)
        {
            var published = await publisher.PublishAsync(templates.Service(graph.Project, graph.Name, service.Name));
            await graphs.UpdateServiceAsync(graph.Name, service.Name, new ServiceUpdate { GrafanaUrl = published.Url.ToString() });
        }

        var graphDashboard = await publisher.PublishAsync(templates.Graph(graph.Project, graph.Name, [.. graph.Services.Select(s => s.Name)]));
        await graphs.SetGrafanaUrlAsync(graph.Name, graphDashboard.Url.ToString());
        return graph.Services.Count + 1;
    }
}
