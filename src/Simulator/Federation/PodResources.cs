using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Kubernetes.Resources;

namespace Smo.Simulator.Federation;

/// <summary>What one pod of a Deployment reserves (requests) and may burn (CPU limit), summed over its containers.</summary>
public sealed record PodResources(decimal CpuRequest, decimal CpuLimit, decimal MemoryRequest, int Gpus)
{
    public const string Gpu = "nvidia.com/gpu";

    /// <summary>Requests default to limits, as the apiserver defaults them; a missing limit burns at most the request.</summary>
    public static PodResources Of(JsonObject deployment)
    {
        decimal cpuRequest = 0, cpuLimit = 0, memory = 0, gpus = 0;
        foreach (var (_, container) in DeploymentRules.Containers(deployment))
        {
            var limits = container.ObjectAt("resources", "limits");
            var requests = container.ObjectAt("resources", "requests");
            var request = Amount(requests, "cpu") ?? Amount(limits, "cpu") ?? 0;
            cpuRequest += request;
            cpuLimit += Amount(limits, "cpu") ?? request;
            memory += Amount(requests, "memory") ?? Amount(limits, "memory") ?? 0;
            gpus += Amount(limits, Gpu) ?? Amount(requests, Gpu) ?? 0;
        }
        return new PodResources(cpuRequest, cpuLimit, memory, (int)gpus);
    }

    private static decimal? Amount(JsonObject? section, string resource) =>
        section?[resource] is { } value && Quantity.TryParse(value.ToString(), out var amount) ? amount : null;
}
