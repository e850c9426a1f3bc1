namespace Smo.Hdag.Translation;

/// <summary>
/// A directed communication edge: <see cref="From"/> lists <see cref="To"/> in its <c>connectionPoints</c>, so
/// <see cref="To"/>'s service is imported where <see cref="From"/> runs, and splitting them costs traffic and latency.
/// </summary>
/// <param name="TrafficWeight">Relative traffic (extension <c>latencies[].weight</c>), 1 by default.</param>
/// <param name="Latency">The link's <c>qos</c>, best-effort by default.</param>
public sealed record ServiceConnection(string From, string To, double TrafficWeight, LatencyClass Latency);

/// <summary>Builds the communication edges of a graph.</summary>
public static class ServiceConnections
{
    /// <summary>
    /// One edge per distinct (service, connection point) pair, in descriptor order; self-connections, and connection
    /// points naming no service of the graph (accepted with a warning), add none.
    /// </summary>
    public static IReadOnlyList<ServiceConnection> Of(HdaGraph graph) =>
    [
        .. from service in graph.Services
           from target in service.Intent.ConnectionPoints.Distinct()
           where target != service.Id && graph.Services.Any(s => s.Id == target)
           let link = service.Intent.Network.Links.FirstOrDefault(l => l.ConnectionPoint == target)
           select new ServiceConnection(service.Id, target, link?.TrafficWeight ?? LinkIntent.DefaultTrafficWeight, link?.Latency ?? LatencyClass.BestEffort),
    ];
}
