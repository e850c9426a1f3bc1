namespace Smo.Adapters;

/// <summary>The systems Smo talks to.</summary>
public enum ExternalSystem
{
    Karmada,
    Submariner,
    PrometheusRule,
    Prometheus,
    Grafana,
    Helm,
    OciRegistry,
    BlobStorage,
    Nfvcl,
}

public static class ExternalSystemNames
{
    public static string DisplayName(this ExternalSystem system) => system switch
    {
        ExternalSystem.Karmada => "Karmada",
        ExternalSystem.Submariner => "Submariner broker",
        ExternalSystem.PrometheusRule => "PrometheusRule",
        ExternalSystem.Prometheus => "Prometheus",
        ExternalSystem.Grafana => "Grafana",
        ExternalSystem.Helm => "Helm",
        ExternalSystem.OciRegistry => "OCI registry",
        ExternalSystem.BlobStorage => "Blob storage",
        ExternalSystem.Nfvcl => "NFVCL",
        _ => system.ToString(),
    };
}
