namespace Smo.Adapters.Karmada;

/// <summary>Karmada's member clusters followed as they change, as a Kubernetes controller follows what it watches.</summary>
public interface IClusterWatch
{
    /// <summary>
    /// Every change of a member cluster's availability — it joins, leaves, becomes ready or not ready — until cancelled;
    /// each cluster there at the start is reported once, as joining. Karmada failing, a stream dropping or expiring
    /// never ends it: it watches again (or lists again) after a backoff, and reports what changed meanwhile.
    /// </summary>
    IAsyncEnumerable<ClusterChange> WatchAsync(CancellationToken cancellationToken);
}
