namespace Smo.Simulator.Federation;

/// <summary>Per service: offered and served load in requests/s and the request counters flask would export.</summary>
public sealed class ServiceLoad(string service)
{
    public string Service { get; } = service;

    public double Offered { get; set; }

    public double Served { get; set; }

    public double Capacity { get; set; }

    public int ReadyReplicas { get; set; }

    /// <summary>
    /// Requests offered since the start, whether or not a Deployment was there to take them: flask's counter (served
    /// plus rejected) only counts while the app exists, so a service whose Deployment is gone drops out of it unseen.
    /// </summary>
    public double OfferedRequests { get; set; }

    public double ServedRequests { get; set; }

    public double RejectedRequests { get; set; }

    /// <summary>
    /// The counters per namespace of the service's Deployments, as Prometheus sees them once it labels each pod's
    /// series with its namespace: served requests go to the namespaces by their share of ready replicas, rejected ones
    /// by their share of desired replicas (evenly when none is desired).
    /// </summary>
    public SortedDictionary<string, RequestCounters> ByNamespace { get; } = new(StringComparer.Ordinal);
}

/// <summary>Request counters of a service in one namespace; they only grow, as Prometheus counters must.</summary>
public sealed class RequestCounters
{
    public double Served { get; set; }

    public double Rejected { get; set; }

    public void Add(double served, double rejected)
    {
        Served += served;
        Rejected += rejected;
    }
}
