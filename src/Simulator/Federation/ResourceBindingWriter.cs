using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Kubernetes.Resources;

namespace Smo.Simulator.Federation;

/// <summary>
/// Plays Karmada's binding controllers for Deployments: keeps one <c>work.karmada.io/v1alpha2</c> ResourceBinding per
/// placed Deployment (named as <c>names.GenerateBindingName</c> does: <c>{deployment}-deployment</c>), with the
/// scheduler's result in <c>spec.clusters</c> and each member's Deployment status in <c>status.aggregatedStatus</c>,
/// as protocols.md §3 gives them. A Deployment no policy claims any more keeps its binding as it was, status aside,
/// as Karmada leaves what a deleted policy propagated.
/// </summary>
public static class ResourceBindingWriter
{
    public const string PolicyNameAnnotation = "propagationpolicy.karmada.io/name";
    public const string PolicyNamespaceAnnotation = "propagationpolicy.karmada.io/namespace";
    private const string BindingFinalizer = "karmada.io/binding-controller";

    public static string NameFor(string deployment) => $"{deployment.Replace(':', '.')}-deployment".ToLowerInvariant();

    public static void Delete(FederationState state, DeploymentRuntime runtime) =>
        state.Store.Delete(ResourceCatalog.ResourceBindings, runtime.Namespace, NameFor(runtime.Name));

    /// <summary>Writes the binding when what it shows changed; removes it when nothing ever placed the Deployment.</summary>
    public static void Write(FederationState state, DeploymentRuntime runtime)
    {
        var name = NameFor(runtime.Name);
        var stored = state.Store.Peek(ResourceCatalog.ResourceBindings, runtime.Namespace, name);
        if (runtime.Scheduling is null)
        {
            if (stored is not null)
            {
                Delete(state, runtime);
            }
            return;
        }
        var metadata = Metadata(runtime, name);
        var spec = runtime.Claim is null && stored?["spec"] is JsonObject kept ? (JsonObject)kept.DeepClone() : Spec(runtime);
        var generation = stored is null ? 1 : (stored.IntegerAt(out _, "metadata", "generation") ?? 1) + (JsonNode.DeepEquals(stored["spec"], spec) ? 0 : 1);
        var status = Status(state, runtime, stored, generation);
        if (stored is not null && JsonNode.DeepEquals(stored["spec"], spec) && JsonNode.DeepEquals(stored["status"], status)
            && JsonNode.DeepEquals(stored.At("metadata", "labels"), metadata["labels"])
            && JsonNode.DeepEquals(stored.At("metadata", "annotations"), metadata["annotations"]))
        {
            return;
        }
        var binding = stored is null ? new JsonObject { ["metadata"] = metadata } : state.Store.Get(ResourceCatalog.ResourceBindings, runtime.Namespace, name)!;
        var written = binding.Child("metadata");
        foreach (var field in new[] { "labels", "annotations" })
        {
            written.Remove(field);
            if (metadata[field] is { } value)
            {
                written[field] = value.DeepClone();
            }
        }
        binding["spec"] = spec;
        binding["status"] = status;
        if (stored is null)
        {
            state.Store.Create(ResourceCatalog.ResourceBindings, binding);
        }
        else
        {
            state.Store.Update(ResourceCatalog.ResourceBindings, binding);
        }
    }

    /// <summary>Owned by the Deployment; the claiming policy's id, name and namespace as Karmada's claim writes them.</summary>
    private static JsonObject Metadata(DeploymentRuntime runtime, string name)
    {
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = runtime.Namespace,
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = ResourceCatalog.Deployments.ApiVersion,
                ["kind"] = ResourceCatalog.Deployments.Kind,
                ["name"] = runtime.Name,
                ["uid"] = runtime.Uid,
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            }),
            ["finalizers"] = new JsonArray(BindingFinalizer),
        };
        if (runtime.Claim?.Policy is { } policy)
        {
            if (policy.PermanentId is { } id)
            {
                metadata["labels"] = new JsonObject { [PropagationPolicyRules.PermanentIdLabel] = id };
            }
            metadata["annotations"] = new JsonObject { [PolicyNameAnnotation] = policy.Name, [PolicyNamespaceAnnotation] = policy.Namespace };
        }
        return metadata;
    }

    /// <summary>The binding's spec in Karmada's field order: the resource, its replicas and per-pod requests, the result, the policy's terms.</summary>
    private static JsonObject Spec(DeploymentRuntime runtime)
    {
        var policySpec = runtime.Claim?.Policy?.Spec;
        var spec = new JsonObject
        {
            ["resource"] = new JsonObject
            {
                ["apiVersion"] = ResourceCatalog.Deployments.ApiVersion,
                ["kind"] = ResourceCatalog.Deployments.Kind,
                ["namespace"] = runtime.Namespace,
                ["name"] = runtime.Name,
                ["uid"] = runtime.Uid,
                ["resourceVersion"] = runtime.TemplateVersion,
            },
        };
        if (policySpec?["propagateDeps"]?.GetValue<bool>() == true)
        {
            spec["propagateDeps"] = true;
        }
        if (runtime.DesiredReplicas > 0)
        {
            spec["replicas"] = runtime.DesiredReplicas;
        }
        if (Requests(runtime.Resources) is { Count: > 0 } requests)
        {
            spec["replicaRequirements"] = new JsonObject { ["resourceRequest"] = requests };
        }
        if (runtime.Shares.Count > 0)
        {
            spec["clusters"] = new JsonArray([.. runtime.Shares.Select(s => (JsonNode)new JsonObject { ["name"] = s.Cluster, ["replicas"] = s.Replicas })]);
        }
        spec["placement"] = runtime.Claim?.Placement.DeepClone() ?? new JsonObject();
        spec["schedulerName"] = policySpec?.StringAt("schedulerName") ?? "default-scheduler";
        spec["conflictResolution"] = policySpec?.StringAt("conflictResolution") ?? "Abort";
        return spec;
    }

    private static JsonObject Requests(PodResources pod)
    {
        var requests = new JsonObject();
        if (pod.CpuRequest > 0)
        {
            requests["cpu"] = Quantity.FormatCpu(pod.CpuRequest);
        }
        if (pod.MemoryRequest > 0)
        {
            requests["memory"] = Quantity.FormatBytes(pod.MemoryRequest);
        }
        if (pod.Gpus > 0)
        {
            requests[PodResources.Gpu] = Quantity.FormatCount(pod.Gpus);
        }
        return requests;
    }

    /// <summary>The Scheduled and FullyApplied conditions and each member's Deployment status (reflectstatus.go's fields).</summary>
    private static JsonObject Status(FederationState state, DeploymentRuntime runtime, JsonObject? stored, long generation)
    {
        var now = state.Clock.Now;
        var previous = stored.ArrayAt("status", "conditions");
        var scheduling = runtime.Scheduling!;
        var status = new JsonObject { ["schedulerObservedGeneration"] = generation };
        if (runtime.LastScheduledAt is { } scheduledAt)
        {
            status["lastScheduledTime"] = ObjectStore.Timestamp(scheduledAt);
        }
        var conditions = new JsonArray(Conditions.Condition(previous, now, "Scheduled", scheduling.Succeeded, scheduling.Reason, scheduling.Message, withUpdateTime: false));
        if (runtime.Shares.Count > 0)
        {
            conditions.Add(Conditions.Condition(previous, now, "FullyApplied", true, "FullyAppliedSuccess", "All works have been successfully applied", withUpdateTime: false));
            status["aggregatedStatus"] = new JsonArray([.. runtime.Shares.Select(share => (JsonNode)MemberStatus(state, runtime, share))]);
        }
        status["conditions"] = conditions;
        return status;
    }

    /// <summary>
    /// One member's item: its Deployment's counters (omitted when zero) and Karmada's health rule for Deployments —
    /// Healthy once every replica exists and is available; Unknown while the member is not Ready (its status cannot be collected).
    /// </summary>
    private static JsonObject MemberStatus(FederationState state, DeploymentRuntime runtime, ClusterShare share)
    {
        var existing = share.Pods.Count;
        var ready = share.ReadyReplicas;
        var member = new JsonObject
        {
            ["generation"] = share.Generation,
            ["resourceTemplateGeneration"] = runtime.TemplateGeneration,
            ["observedGeneration"] = share.Generation,
        };
        foreach (var (field, value) in new[]
                 {
                     ("replicas", existing), ("updatedReplicas", existing), ("readyReplicas", ready), ("availableReplicas", ready),
                     ("unavailableReplicas", Math.Max(0, share.Replicas - ready)),
                 })
        {
            if (value != 0)
            {
                member[field] = value;
            }
        }
        var clusterReady = state.Clusters.TryGetValue(share.Cluster, out var cluster) && cluster.Ready;
        var health = !clusterReady ? "Unknown" : existing >= share.Replicas && ready >= existing ? "Healthy" : "Unhealthy";
        return new JsonObject { ["clusterName"] = share.Cluster, ["status"] = member, ["applied"] = true, ["health"] = health };
    }
}
