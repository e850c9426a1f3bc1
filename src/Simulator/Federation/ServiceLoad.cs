namespace Smo.Simulator.Federation;

/// <summary>Per service: offered and served load in requests/s and the request counters flask would export.</summary>
public sealed class ServiceLoad(string service)
{
    public string Service { get; } = service;

    public double Offered { get; set; }

    public double Served { get; set; }

    public double Capacity { get; set; }

    public int ReadyReplicas { get; set; }

    public double ServedRequests { get; set; }

    public double RejectedRequests { get; set; }
}
