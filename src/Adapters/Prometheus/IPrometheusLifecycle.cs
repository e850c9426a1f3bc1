namespace Smo.Adapters.Prometheus;

/// <summary>Prometheus's lifecycle API.</summary>
public interface IPrometheusLifecycle
{
    /// <summary>Makes Prometheus re-read its configuration and rule files (<c>POST /-/reload</c>).</summary>
    Task ReloadAsync(CancellationToken cancellationToken = default);
}
