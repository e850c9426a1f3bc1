using System.ComponentModel.DataAnnotations;

namespace Smo.Adapters.Storage;

/// <summary>Azure Blob storage for artifacts and dashboards (section <c>Smo:BlobStorage</c>; Azurite locally).</summary>
public sealed class BlobStorageOptions
{
    public const string Section = "Smo:BlobStorage";

    /// <summary>A storage connection string; the default reaches Azurite on its standard ports.</summary>
    [Required]
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    [Required]
    public string ArtifactContainer { get; set; } = "hdag-artifacts";

    [Required]
    public string DashboardContainer { get; set; } = "grafana-dashboards";

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
