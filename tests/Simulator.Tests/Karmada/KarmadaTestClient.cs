using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Smo.Simulator.Hosting;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Karmada;

/// <summary>KubernetesClient against the simulator, with the calls the placement tests repeat: Deployments, policies, bindings.</summary>
public sealed class KarmadaTestClient(SimulatorHost host) : IDisposable
{
    private const string Ns = "demo";

    public k8s.Kubernetes Client { get; } = new(new KubernetesClientConfiguration { Host = host.BaseAddress.ToString().TrimEnd('/') });

    public Task<V1Deployment> DeployAsync(DeploymentBuilder deployment) =>
        Client.AppsV1.CreateNamespacedDeploymentAsync(KubernetesJson.Deserialize<V1Deployment>(deployment.Json()), Ns);

    public async Task<JsonObject> CreatePolicyAsync(PolicyBuilder policy) =>
        Parse(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(policy.Build(), "policy.karmada.io", "v1alpha1", Ns, "propagationpolicies"));

    public async Task<JsonObject> GetPolicyAsync(string name) =>
        Parse(await Client.CustomObjects.GetNamespacedCustomObjectAsync("policy.karmada.io", "v1alpha1", Ns, "propagationpolicies", name));

    /// <summary>Read-modify-replace of a policy, as a client must write a custom resource.</summary>
    public async Task<JsonObject> EditPolicyAsync(string name, Action<JsonObject> edit)
    {
        var policy = await GetPolicyAsync(name);
        edit(policy);
        return Parse(await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(policy, "policy.karmada.io", "v1alpha1", Ns, "propagationpolicies", name));
    }

    public Task DeletePolicyAsync(string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync("policy.karmada.io", "v1alpha1", Ns, "propagationpolicies", name);

    public async Task<JsonObject> BindingAsync(string deployment) =>
        Parse(await Client.CustomObjects.GetNamespacedCustomObjectAsync("work.karmada.io", "v1alpha2", Ns, "resourcebindings", $"{deployment}-deployment"));

    /// <summary>The binding's <c>spec.clusters</c>: replicas scheduled per cluster.</summary>
    public async Task<Dictionary<string, int>> ScheduledAsync(string deployment) =>
        ((await BindingAsync(deployment)).At("spec", "clusters") as JsonArray ?? [])
        .ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["replicas"]?.GetValue<int>() ?? 0);

    /// <summary>The binding's <c>status.aggregatedStatus</c>: per cluster, the member's pods and ready replicas (0 when omitted).</summary>
    public async Task<Dictionary<string, (int Pods, int Ready)>> MembersAsync(string deployment) =>
        ((await BindingAsync(deployment)).At("status", "aggregatedStatus") as JsonArray ?? [])
        .ToDictionary(m => m!["clusterName"]!.GetValue<string>(),
            m => (m!["status"]?["replicas"]?.GetValue<int>() ?? 0, m["status"]?["readyReplicas"]?.GetValue<int>() ?? 0));

    public static JsonObject Parse(object answer) => (JsonObject)JsonNode.Parse(((JsonElement)answer).GetRawText())!;

    public void Dispose() => Client.Dispose();
}
