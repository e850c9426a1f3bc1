namespace Smo.Store.Graphs;

/// <summary>The service's Helm chart: <c>ociImage</c>, <c>ociConfig.type</c> and <c>ociConfig.implementer</c>.</summary>
public sealed record ServiceArtifact(string Reference, string? Type = null, string? Implementer = null);

/// <summary>The service's translated compute intent.</summary>
public sealed record ServiceResources(double CpuCores, double MemoryGiB, double StorageGB, bool Gpu = false);

/// <summary>The service's capacity model: one replica serves <c>Alpha</c> requests/s on top of <c>Beta</c>; replicas stay within bounds.</summary>
public sealed record ScalingParameters(double Alpha, double Beta, int MinReplicas, int MaxReplicas)
{
    /// <summary>The fewest clusters the replicas are divided across (descriptor <c>scaling.spread.minClusters</c>, or high availability's clusters); 1 = no spreading asked.</summary>
    public int MinClusters { get; init; } = 1;
}

/// <summary>One Prometheus alert rule made from the service's <c>trigger.event.events[]</c>.</summary>
/// <param name="For">The grace period, a Prometheus duration such as <c>30s</c>.</param>
public sealed record ServiceAlertRule(string EventId, string Expression, string For, string Description = "");
