using Smo.Adapters;
using Smo.Adapters.Grafana;
using Smo.Store.Clusters;

namespace Smo.Functions.Clusters;

/// <summary>
/// A Grafana dashboard for each member cluster (the original's nine node panels), published by the timer's inventory
/// sync the first time it finds the cluster without one, as the original published one for each new cluster; its URL
/// is stored with the cluster (<c>grafanaUrl</c> in <c>GET /clusters</c>), which is what says it is published. Only the
/// timer publishes, so no API request waits on Grafana. Dashboards help people, not placement: Grafana failing does
/// not fail the sync — it is logged once per sync, without Grafana's words, and the next timer sync tries again.
/// </summary>
/// <param name="publisher">Grafana, and <paramref name="templates"/> its dashboards, when Grafana is configured.</param>
public sealed class ClusterDashboards(
    ClusterStore clusters, ILogger<ClusterDashboards> logger, IDashboardPublisher? publisher = null, DashboardTemplates? templates = null)
{
    /// <summary>Publishes the dashboards of the member clusters that have none; returns how many it published.</summary>
    public async Task<int> PublishMissingAsync(CancellationToken cancellationToken = default)
    {
        if (publisher is null || templates is null)
        {
            return 0;
        }

        var missing = (await clusters.ListAsync(cancellationToken: cancellationToken)).Where(c => c.GrafanaUrl is null).Select(c => c.Name).ToList();
        var published = 0;
        AdapterException? lastFailure = null;
        foreach (var cluster in missing)
        {
            try
            {
                var dashboard = await publisher.PublishAsync(templates.Cluster(cluster), cancellationToken);
                await clusters.SetGrafanaUrlAsync(cluster, dashboard.Url.AbsoluteUri, cancellationToken);
                published++;
            }
            catch (AdapterException failure)
            {
                lastFailure = failure;
                // Down or slow: every other cluster would wait for the same failure, each with its retries. Refused
                // (a same-titled dashboard of someone else's): the others may still go.
                if (failure.IsTransient)
                {
                    break;
                }
            }
        }

        if (lastFailure is not null)
        {
            logger.LogWarning("{Published} of {Missing} cluster dashboards published; the next inventory timer tries again. Last failure: {Failure}",
                published, missing.Count, lastFailure.Summary);
        }

        return published;
    }
}
