using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Scenarios;

namespace Smo.Simulator.Federation;

/// <summary>
/// Plays Karmada's cluster status controller and cluster controller: keeps each member's
/// <c>cluster.karmada.io/v1alpha1</c> Cluster object (resourceSummary, nodeSummary, Ready condition, taints) in step
/// with the simulated cluster. Ready is False (ClusterNotReachable, ClusterNotReady) while a clusterNotReady fault
/// holds, and Unknown (ClusterStatusUnknown) while a clusterUnreachable one does — then the cluster controller changes
/// only the condition, and the rest of the status stays as last posted. Like Karmada's cluster controller up to v1.13
/// (from v1.14 a ClusterTaintPolicy does it), a cluster whose Ready is False is tainted
/// <c>cluster.karmada.io/not-ready:NoSchedule</c> and one whose Ready is Unknown <c>cluster.karmada.io/unreachable:NoSchedule</c>,
/// <c>timeAdded</c> the transition; clusterTaint faults add theirs.
/// </summary>
public static class ClusterReporter
{
    public const string KubernetesVersion = "v1.30.4";
    public const string NotReadyTaintKey = "cluster.karmada.io/not-ready";
    public const string UnreachableTaintKey = "cluster.karmada.io/unreachable";
    private const string RegionLabel = "topology.kubernetes.io/region";
    private const string ZoneLabel = "topology.kubernetes.io/zone";
    private const decimal EphemeralStoragePerNode = 100m * 1024 * 1024 * 1024;

    /// <summary>Writes each cluster's object when what it is rendered from changed (it runs after every API write).</summary>
    public static void Write(FederationState state)
    {
        foreach (var cluster in state.Clusters.Values)
        {
            var stored = state.Store.Peek(ResourceCatalog.KarmadaClusters, null, cluster.Name);
            var basis = new ReportBasis(stored?.StringAt("metadata", "resourceVersion"), cluster.NotReadyReason, cluster.ReadySince,
                string.Join(", ", Taints(cluster)), cluster.Allocated, cluster.Pending);
            if (basis == cluster.Reported)
            {
                continue;
            }
            var rendered = Render(cluster, state.Clock.StartedAt, stored?["status"] as JsonObject);
            if (stored is null)
            {
                stored = state.Store.Create(ResourceCatalog.KarmadaClusters, rendered);
            }
            else if (!JsonNode.DeepEquals(stored["spec"], rendered["spec"]) || !JsonNode.DeepEquals(stored["status"], rendered["status"]))
            {
                stored = state.Store.Get(ResourceCatalog.KarmadaClusters, null, cluster.Name)!;
                stored["spec"] = rendered["spec"]!.DeepClone();
                stored["status"] = rendered["status"]!.DeepClone();
                stored = state.Store.Update(ResourceCatalog.KarmadaClusters, stored);
            }
            cluster.Reported = basis with { Version = stored.StringAt("metadata", "resourceVersion") };
        }
    }

    /// <summary>The labels of a member's Cluster object: the scenario's, plus its region and zone under both common keys.</summary>
    public static JsonObject Labels(ClusterSpec spec)
    {
        var labels = new JsonObject();
        foreach (var (key, value) in spec.Labels)
        {
            labels[key] = value;
        }
        labels["region"] = spec.Region;
        labels["zone"] = spec.Zone;
        labels[RegionLabel] = spec.Region;
        labels[ZoneLabel] = spec.Zone;
        return labels;
    }

    /// <summary>The Cluster's <c>spec.provider</c>: the scenario's <c>provider</c> label, else "simulator".</summary>
    public static string Provider(ClusterSpec spec) => spec.Labels.GetValueOrDefault("provider", "simulator");

    /// <summary>
    /// The cluster's taints in the order they were added: the cluster controller's and the faults'. A taint whose key
    /// and effect one before it has already is not added again, as Karmada keeps them unique by that pair.
    /// </summary>
    public static IReadOnlyList<ClusterTaint> Taints(ClusterRuntime cluster)
    {
        var all = NotReadyTaint(cluster) is { } key
            ? cluster.FaultTaints.Append(new ClusterTaint(key, "", ClusterTaint.NoSchedule, cluster.ReadySince))
            : cluster.FaultTaints;
        return [.. all.OrderBy(t => t.Added).DistinctBy(t => (t.Key, t.Effect))];
    }

    /// <summary>The key of the taint Karmada's cluster controller puts on a member that is not Ready; null while it is.</summary>
    private static string? NotReadyTaint(ClusterRuntime cluster) => cluster.ReadyStatus switch
    {
        "False" => NotReadyTaintKey,
        "Unknown" => UnreachableTaintKey,
        _ => null,
    };

    /// <param name="lastStatus">The status stored now: what a member that stopped reporting keeps.</param>
    public static JsonObject Render(ClusterRuntime cluster, DateTimeOffset startedAt, JsonObject? lastStatus = null)
    {
        var spec = cluster.Spec;
        var labels = Labels(spec);
        var clusterSpec = new JsonObject
        {
            ["id"] = StableId(spec.Name).ToString(),
            ["syncMode"] = "Push",
            ["apiEndpoint"] = $"https://{spec.Name}.simulator.local:6443",
            ["secretRef"] = new JsonObject { ["namespace"] = "karmada-cluster", ["name"] = spec.Name },
            ["impersonatorSecretRef"] = new JsonObject { ["namespace"] = "karmada-cluster", ["name"] = $"{spec.Name}-impersonator" },
            ["provider"] = Provider(spec),
            ["region"] = spec.Region,
            ["zones"] = new JsonArray(spec.Zone),
        };
        var since = ObjectStore.Timestamp(startedAt + cluster.ReadySince);
        if (Taints(cluster) is { Count: > 0 } taints)
        {
            clusterSpec["taints"] = new JsonArray([.. taints.Select(t => Taint(t, startedAt))]);
        }
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = spec.Name,
                ["labels"] = labels,
                ["finalizers"] = new JsonArray("karmada.io/cluster-controller"),
            },
            ["spec"] = clusterSpec,
            ["status"] = cluster.ReadyStatus == "Unknown" && lastStatus is not null ? Unposted(lastStatus, cluster, since) : Status(cluster, since, startedAt),
        };
    }

    private static JsonObject Taint(ClusterTaint taint, DateTimeOffset startedAt)
    {
        var item = new JsonObject { ["key"] = taint.Key };
        if (taint.Value.Length > 0)
        {
            item["value"] = taint.Value;
        }
        item["effect"] = taint.Effect;
        item["timeAdded"] = ObjectStore.Timestamp(startedAt + taint.Added);
        return item;
    }

    /// <summary>
    /// The status of a cluster Karmada no longer hears from: its cluster controller sets Ready to Unknown and writes back
    /// the rest as it was last posted (resourceSummary, nodeSummary and the other conditions).
    /// </summary>
    private static JsonObject Unposted(JsonObject lastStatus, ClusterRuntime cluster, string since)
    {
        var status = (JsonObject)lastStatus.DeepClone();
        var conditions = status["conditions"] as JsonArray ?? [];
        var others = conditions.OfType<JsonObject>().Where(c => c.StringAt("type") != "Ready").Select(c => c.DeepClone()).ToArray();
        status["conditions"] = new JsonArray([.. others, ReadyCondition(cluster, since)]);
        return status;
    }

    private static JsonObject Status(ClusterRuntime cluster, string since, DateTimeOffset startedAt)
    {
        var spec = cluster.Spec;
        var nodeSummary = new JsonObject { ["totalNum"] = spec.Nodes };
        if (cluster.Ready)
        {
            nodeSummary["readyNum"] = spec.Nodes;
        }
        var resourceSummary = new JsonObject { ["allocatable"] = Allocatable(spec) };
        var allocating = Amounts(cluster.Pending);
        var allocated = Amounts(cluster.Allocated);
        if (allocating.Count > 0)
        {
            resourceSummary["allocating"] = allocating;
        }
        if (allocated.Count > 0)
        {
            resourceSummary["allocated"] = allocated;
        }
        return new JsonObject
        {
            ["kubernetesVersion"] = KubernetesVersion,
            ["apiEnablements"] = new JsonArray(
                ApiEnablement("apps/v1", ("deployments", "Deployment")),
                ApiEnablement("monitoring.coreos.com/v1", ("prometheusrules", "PrometheusRule")),
                ApiEnablement("v1", ("namespaces", "Namespace"), ("pods", "Pod"), ("services", "Service"))),
            ["conditions"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "CompleteAPIEnablements", ["status"] = "True", ["lastTransitionTime"] = ObjectStore.Timestamp(startedAt),
                    ["reason"] = "Complete", ["message"] = "collected complete APIEnablements from the cluster",
                },
                ReadyCondition(cluster, since)),
            ["nodeSummary"] = nodeSummary,
            ["resourceSummary"] = resourceSummary,
        };
    }

    private static JsonObject ReadyCondition(ClusterRuntime cluster, string since)
    {
        var message = cluster.NotReadyReason switch
        {
            null => "cluster is healthy and ready to accept workloads",
            Faults.FaultSpec.NotReady => "cluster is reachable but health endpoint responded without ok",
            Faults.FaultSpec.StatusUnknown => "Cluster status controller stopped posting cluster status.",
            _ => "cluster is not reachable",
        };
        return new JsonObject
        {
            ["type"] = "Ready", ["status"] = cluster.ReadyStatus, ["lastTransitionTime"] = since,
            ["reason"] = cluster.NotReadyReason ?? "ClusterReady", ["message"] = message,
        };
    }

    /// <summary>Sum of the nodes' allocatable, keys sorted as Go prints maps; the GPU key only where there are GPUs.</summary>
    private static JsonObject Allocatable(ClusterSpec spec)
    {
        var allocatable = new JsonObject
        {
            ["cpu"] = Quantity.FormatCpu(spec.CpuCores),
            ["ephemeral-storage"] = Quantity.FormatCount(EphemeralStoragePerNode * spec.Nodes),
            ["hugepages-1Gi"] = "0",
            ["hugepages-2Mi"] = "0",
            ["memory"] = Quantity.FormatBytes(spec.MemoryBytes),
        };
        if (spec.Gpus > 0)
        {
            allocatable[PodResources.Gpu] = Quantity.FormatCount(spec.Gpus);
        }
        allocatable["pods"] = Quantity.FormatCount(spec.MaxPods);
        return allocatable;
    }

    /// <summary>allocated/allocating hold only non-zero entries (Karmada drops zero quantities).</summary>
    private static JsonObject Amounts(ResourceTally tally)
    {
        var amounts = new JsonObject();
        if (tally.Cpu > 0)
        {
            amounts["cpu"] = Quantity.FormatCpu(tally.Cpu);
        }
        if (tally.Memory > 0)
        {
            amounts["memory"] = Quantity.FormatBytes(tally.Memory);
        }
        if (tally.Gpus > 0)
        {
            amounts[PodResources.Gpu] = Quantity.FormatCount(tally.Gpus);
        }
        if (tally.Pods > 0)
        {
            amounts["pods"] = Quantity.FormatCount(tally.Pods);
        }
        return amounts;
    }

    private static JsonObject ApiEnablement(string groupVersion, params (string Name, string Kind)[] resources) => new()
    {
        ["groupVersion"] = groupVersion,
        ["resources"] = new JsonArray(resources.Select(r => (JsonNode)new JsonObject { ["name"] = r.Name, ["kind"] = r.Kind }).ToArray()),
    };

    /// <summary>The same id for the same cluster name across runs, like a kube-system namespace UID.</summary>
    public static Guid StableId(string name) => new(MD5.HashData(Encoding.UTF8.GetBytes(name)));
}
