using Smo.Kpi.Scenarios;

namespace Smo.Kpi.Replay;

/// <summary>
/// The federation of one replay: the scenario's clusters with the graph's pods on them. A pod is scheduled when its
/// cluster has the CPU for it (first come, first served, services in graph order) and is ready a pod start later;
/// until then it is Pending and holds nothing — the simulator's pod model. The graph is the only tenant, so a
/// cluster's free CPU is its capacity less the graph's scheduled pods.
/// </summary>
public sealed class ReplayWorld
{
    private readonly Dictionary<string, KpiCluster> _clusters;

    public ReplayWorld(KpiScenario scenario, TimeSpan podStart, IReadOnlyDictionary<string, string> placement)
    {
        _clusters = scenario.Clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
        Clusters = scenario.Clusters;
        PodStart = podStart.TotalSeconds;
        Services = [.. scenario.Services.Select(s => new ServiceState(s, placement[s.Name]))];
    }

    public IReadOnlyList<KpiCluster> Clusters { get; }

    public IReadOnlyList<ServiceState> Services { get; }

    public double PodStart { get; }

    public KpiCluster Cluster(string name) => _clusters[name];

    /// <summary>Karmada's <c>allocatable − allocated</c> CPU of a cluster.</summary>
    public double CpuAvailable(string cluster) =>
        _clusters[cluster].Cpu - Services.Where(s => s.Cluster == cluster).Sum(s => s.Scheduled * s.Spec.Cpu);

    public double MemoryAvailable(string cluster) =>
        _clusters[cluster].MemoryGiB - Services.Where(s => s.Cluster == cluster).Sum(s => s.Scheduled * s.Spec.MemoryGiB);

    /// <summary>Schedules Pending replicas where their cluster has room; each is ready <see cref="PodStart"/> after <paramref name="now"/>.</summary>
    public void Schedule(double now) => ScheduleReadyAt(now + PodStart);

    /// <summary>A graph that has been running before the replay: every replica that fits is ready at once.</summary>
    public void StartRunning(IReadOnlyDictionary<string, int> replicas, double now)
    {
        foreach (var service in Services)
        {
            service.StartRunning(replicas[service.Name]);
        }

        ScheduleReadyAt(now);
    }

    private void ScheduleReadyAt(double readyAt)
    {
        foreach (var service in Services.Where(s => s.Pending > 0))
        {
            var free = CpuAvailable(service.Cluster);
            var memory = MemoryAvailable(service.Cluster);
            // Rounding: 3 × 0.5 cores must fit on 1.5 free cores.
            while (service.Pending > 0 && free + 1e-9 >= service.Spec.Cpu && memory + 1e-9 >= service.Spec.MemoryGiB)
            {
                service.ScheduleOne(readyAt);
                free -= service.Spec.Cpu;
                memory -= service.Spec.MemoryGiB;
            }
        }
    }
}
