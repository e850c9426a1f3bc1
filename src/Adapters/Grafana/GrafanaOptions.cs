using System.ComponentModel.DataAnnotations;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Grafana;

/// <summary>Grafana and the dashboards Smo publishes there (section <c>Smo:Grafana</c>).</summary>
public sealed class GrafanaOptions
{
    public const string Section = "Smo:Grafana";

    [Required]
    public Uri? BaseUrl { get; set; }

    /// <summary>Service-account token (<c>glsa_…</c>); preferred over user name and password.</summary>
    public string? ApiToken { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Folder for Smo's dashboards; the General folder when empty.</summary>
    public string? FolderUid { get; set; }

    [Required]
    public string DatasourceUid { get; set; } = "prometheus";

    /// <summary>The label that tells node metrics of one member cluster from another's (the original assumed <c>source</c>).</summary>
    [Required]
    public string ClusterLabel { get; set; } = "source";

    public ResilienceOptions Resilience { get; set; } = new();
}
