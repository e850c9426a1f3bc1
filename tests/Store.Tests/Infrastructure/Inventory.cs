using Smo.Store.Clusters;

namespace Smo.Store.Tests.Infrastructure;

/// <summary>Inventory items as a Karmada sync would report them.</summary>
public static class Inventory
{
    public static ClusterInventoryItem Cluster(string name, double cpuAvailable = 6, bool ready = true) =>
        new(name, CpuAllocatable: 8, CpuAvailable: cpuAvailable, MemoryAllocatableGiB: 32, MemoryAvailableGiB: 24, Gpu: false, Ready: ready)
        {
            Region = "eu-west",
            Zone = "eu-west-1a",
            Labels = new Dictionary<string, string> { ["topology.kubernetes.io/region"] = "eu-west" },
        };

    public static ClusterEnergyProfile Profile(double carbon = 250) => new(1.4, 4, 12, carbon, RenewableShare: 0.35, PricePerKWh: 0.21)
    {
        CarbonForecast = [240, 220.5, 300],
    };
}
