namespace Smo.Adapters.Grafana;

/// <summary>Publishes dashboards to Grafana, keeping a copy of each model in blob storage.</summary>
public interface IDashboardPublisher
{
    Task<PublishedDashboard> PublishAsync(GrafanaDashboard dashboard, CancellationToken cancellationToken = default);
}
