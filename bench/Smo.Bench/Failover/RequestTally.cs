using Smo.Bench.Stack;

namespace Smo.Bench.Failover;

/// <summary>
/// Requests offered to a graph's services and requests served, over a window: the simulator's counters (every request
/// offered, a Deployment there to take it or not; served = min(offered, α·ready replicas + β)) read at both ends.
/// </summary>
internal readonly record struct RequestTally(double Offered, double Served)
{
    public double Unserved => Math.Max(0, Offered - Served);

    /// <summary>Unserved over offered; 0 when nothing was offered.</summary>
    public double UnservedShare => Offered > 0 ? Unserved / Offered : 0;

    public static RequestTally operator +(RequestTally a, RequestTally b) => new(a.Offered + b.Offered, a.Served + b.Served);

    /// <summary>What <paramref name="services"/> were offered and served between two readings of the simulator.</summary>
    public static RequestTally Between(IEnumerable<string> services, SimulatorState before, SimulatorState after)
    {
        var tally = default(RequestTally);
        foreach (var service in services)
        {
            var (start, end) = (Counters(before, service), Counters(after, service));
            tally += new RequestTally(end.OfferedRequests - start.OfferedRequests, end.ServedRequests - start.ServedRequests);
        }

        return tally;
    }

    private static ServiceState Counters(SimulatorState state, string service) =>
        state.Services.FirstOrDefault(s => s.Service == service)
        ?? throw new InvalidOperationException($"The simulator offers no load to {service}: the scenario needs a workload for it.");
}
