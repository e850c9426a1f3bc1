using System.Text.Json.Nodes;
using Smo.Simulator.Federation;
using Smo.Simulator.Kubernetes;

namespace Smo.Simulator.Tests.Infrastructure;

/// <summary>Drives a <see cref="Simulation"/> directly, without HTTP, for model tests.</summary>
public static class SimulationExtensions
{
    public static ApiResponse Deploy(this Simulation simulation, JsonObject deployment) =>
        new KubernetesApi(simulation).Create(ResourceCatalog.Deployments, deployment["metadata"]!["namespace"]!.GetValue<string>(),
            deployment.ToJsonString());

    public static ApiResponse Scale(this Simulation simulation, string name, int replicas, string ns = "demo") =>
        new ScaleApi(simulation).Patch(ns, name, "application/merge-patch+json", $$$"""{"spec":{"replicas":{{{replicas}}}}}""", null);

    public static ApiResponse Delete(this Simulation simulation, string name, string ns = "demo") =>
        new KubernetesApi(simulation).Delete(ResourceCatalog.Deployments, ns, name);

    public static ServiceLoad Service(this Simulation simulation, string service) => simulation.Read(state => state.Services[service]);

    public static ClusterRuntime Cluster(this Simulation simulation, string name) => simulation.Read(state => state.Clusters[name]);

    public static DeploymentRuntime Runtime(this Simulation simulation, string name, string ns = "demo") =>
        simulation.Read(state => state.Deployments[(ns, name)]);
}
