namespace Smo.Adapters.Grafana;

/// <summary>Publishes dashboards to Grafana, keeping a copy of each model in blob storage, and takes them down again.</summary>
public interface IDashboardPublisher
{
    Task<PublishedDashboard> PublishAsync(GrafanaDashboard dashboard, CancellationToken cancellationToken = default);

    /// <summary>Deletes the dashboard; true when Grafana deleted it, false when it had none of that uid (already gone).</summary>
    Task<bool> DeleteAsync(string uid, CancellationToken cancellationToken = default);
}
