using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;

namespace Smo.Simulator.Federation;

/// <summary>
/// The controllers of the twin: turns Deployment objects into pods on their cluster (pending until they fit,
/// ready after the start delay, not ready while the cluster is down) and writes Deployment status back.
/// It runs before every API answer, so it does only what changed: the Deployment objects written since the last
/// run (<see cref="ObjectStore.TakeChanges"/>) and the Deployments with pods still starting are looked at, pods are
/// scheduled when something could have moved, and a status is recomputed only when its inputs
/// (<see cref="StatusBasis"/>) differ from the last one written — an answer in a federation of thousands of
/// Deployments costs what changed, not a pass over all of them.
/// </summary>
public static class DeploymentReconciler
{
    public static void Reconcile(FederationState state, TimeSpan now)
    {
        var healthChanged = ApplyClusterHealth(state, now);
        var changed = SyncRuntimes(state, out var removed);
        // Capacity frees, and pods become placeable, only when a Deployment changes or goes, or a cluster's health changes.
        if (changed.Count > 0 || removed || healthChanged)
        {
            Schedule(state, now);
        }
        // Between changes only the Deployments just written and those with pods still starting can change their
        // ready count or status; a cluster going down or coming back touches all.
        IEnumerable<DeploymentRuntime> visited = healthChanged ? state.Deployments.Values : changed.Union(state.Starting);
        foreach (var runtime in visited.ToList())
        {
            var startedOnHealthyCluster = runtime.Cluster is { } name && state.Clusters.TryGetValue(name, out var cluster) && cluster.Ready;
            runtime.ReadyReplicas = startedOnHealthyCluster ? runtime.Pods.Count(p => p.IsStarted(now)) : 0;
            if (!runtime.Pods.Any(p => p.Scheduled && !p.IsStarted(now)))
            {
                state.Starting.Remove(runtime);
            }
            WriteStatus(state, runtime);
        }
        ClusterReporter.Write(state);
    }

    /// <summary>True when a cluster went down or came back.</summary>
    private static bool ApplyClusterHealth(FederationState state, TimeSpan now)
    {
        var down = state.Faults.NotReadyClusters(now);
        var changed = false;
        foreach (var cluster in state.Clusters.Values)
        {
            var reason = down.GetValueOrDefault(cluster.Name);
            if (reason != cluster.NotReadyReason)
            {
                cluster.NotReadyReason = reason;
                cluster.ReadySince = now;
                changed = true;
            }
        }
        return changed;
    }

    /// <summary>
    /// Brings the runtimes in line with the Deployment objects written since the last look; returns those runtimes,
    /// and whether a Deployment was deleted.
    /// </summary>
    private static List<DeploymentRuntime> SyncRuntimes(FederationState state, out bool removed)
    {
        var changed = new List<DeploymentRuntime>();
        removed = false;
        // First come first served: Deployments created in one write are ordered by namespace and name.
        foreach (var key in state.Store.TakeChanges(ResourceCatalog.Deployments).OrderBy(k => k.Namespace, StringComparer.Ordinal).ThenBy(k => k.Name, StringComparer.Ordinal))
        {
            var deployment = state.Store.Peek(ResourceCatalog.Deployments, key.Namespace, key.Name);
            if (deployment is null)
            {
                if (state.Deployments.Remove(key, out var gone))
                {
                    Unschedule(state, gone, gone.Pods.Count(p => p.Scheduled));
                    state.Starting.Remove(gone);
                    state.Waiting.Remove(gone);
                    state.ServicesChanged();
                    removed = true;
                }
                continue;
            }
            if (!state.Deployments.TryGetValue(key, out var runtime))
            {
                runtime = state.Deployments[key] = new DeploymentRuntime(key.Namespace, key.Name, state.NextDeploymentOrder++);
                state.ServicesChanged();
            }
            changed.Add(runtime);
            var version = deployment.StringAt("metadata", "resourceVersion");
            if (version == runtime.SyncedVersion)
            {
                continue;
            }
            runtime.SyncedVersion = version;
            var cluster = deployment.StringAt("metadata", "annotations", Placement.ClusterAnnotation);
            var resources = PodResources.Of(deployment);
            // No rolling update: moving to another cluster or changing the pod template restarts every pod.
            if (cluster != runtime.Cluster || resources != runtime.Resources)
            {
                Unschedule(state, runtime, runtime.Pods.Count(p => p.Scheduled));
                runtime.Pods.Clear();
                runtime.Cluster = cluster;
                runtime.Resources = resources;
            }
            runtime.DesiredReplicas = (int)(deployment.IntegerAt(out _, "spec", "replicas") ?? 1);
            Resize(state, runtime);
        }
        return changed;
    }

    /// <summary>Scale-down removes pending pods first, then the youngest, as the ReplicaSet controller prefers.</summary>
    private static void Resize(FederationState state, DeploymentRuntime runtime)
    {
        while (runtime.Pods.Count < runtime.DesiredReplicas)
        {
            runtime.Pods.Add(new SimulatedPod());
        }
        while (runtime.Pods.Count > runtime.DesiredReplicas)
        {
            var pending = runtime.Pods.FindLastIndex(p => !p.Scheduled);
            if (pending < 0)
            {
                Unschedule(state, runtime, 1);
            }
            runtime.Pods.RemoveAt(pending >= 0 ? pending : runtime.Pods.Count - 1);
        }
        if (runtime.Pods.Any(p => !p.Scheduled))
        {
            state.Waiting.Add(runtime);
        }
        else
        {
            state.Waiting.Remove(runtime);
        }
    }

    /// <summary>Gives back to the runtime's cluster what <paramref name="pods"/> of its scheduled pods reserved.</summary>
    private static void Unschedule(FederationState state, DeploymentRuntime runtime, int pods)
    {
        if (pods > 0 && runtime.Cluster is { } name && state.Clusters.TryGetValue(name, out var cluster))
        {
            cluster.Allocated = cluster.Allocated.Plus(runtime.Resources, -pods);
        }
    }

    /// <summary>
    /// Places the pods still waiting where they fit, first come first served; a pod placed joins
    /// <see cref="FederationState.Starting"/>. What every cluster has allocated is kept as pods are placed and
    /// removed, so only the waiting Deployments are looked at; what is left waiting is the clusters' pending.
    /// </summary>
    private static void Schedule(FederationState state, TimeSpan now)
    {
        foreach (var cluster in state.Clusters.Values)
        {
            cluster.Pending = new ResourceTally();
        }
        foreach (var deployment in state.Waiting.ToList())
        {
            if (deployment.Cluster is not { } name || !state.Clusters.TryGetValue(name, out var cluster))
            {
                continue;
            }
            foreach (var pod in deployment.Pods.Where(p => !p.Scheduled))
            {
                // Karmada taints a cluster that is not ready: nothing new lands there until it recovers.
                if (cluster.Ready && cluster.Fits(deployment.Resources))
                {
                    pod.Schedule(now, state.Scenario.Simulation.PodStartDelay);
                    cluster.Allocated = cluster.Allocated.Plus(deployment.Resources);
                    state.Starting.Add(deployment);
                }
                else
                {
                    cluster.Pending = cluster.Pending.Plus(deployment.Resources);
                }
            }
            if (deployment.Pods.All(p => p.Scheduled))
            {
                state.Waiting.Remove(deployment);
            }
        }
    }

    private static void WriteStatus(FederationState state, DeploymentRuntime runtime)
    {
        if (state.Store.Peek(ResourceCatalog.Deployments, runtime.Namespace, runtime.Name) is not { } stored)
        {
            return;
        }
        var version = stored.StringAt("metadata", "resourceVersion");
        var basis = new StatusBasis(version, runtime.DesiredReplicas, runtime.Pods.Count, runtime.ReadyReplicas);
        if (basis == runtime.WrittenStatus)
        {
            return;
        }
        var status = DeploymentStatus(stored, runtime, state.Clock.Now);
        if (!JsonNode.DeepEquals(stored["status"], status))
        {
            var copy = state.Store.Get(ResourceCatalog.Deployments, runtime.Namespace, runtime.Name)!;
            copy["status"] = status;
            var written = state.Store.Update(ResourceCatalog.Deployments, copy).StringAt("metadata", "resourceVersion");
            // A status write changes nothing the runtime takes from the object.
            if (runtime.SyncedVersion == version)
            {
                runtime.SyncedVersion = written;
            }
            basis = basis with { Version = written };
        }
        runtime.WrittenStatus = basis;
    }

    /// <summary>apps/v1 DeploymentStatus: every counter omitted when zero, conditions as the deployment controller words them.</summary>
    private static JsonObject DeploymentStatus(JsonObject deployment, DeploymentRuntime runtime, DateTimeOffset now)
    {
        var desired = runtime.DesiredReplicas;
        var existing = runtime.Pods.Count;
        var available = runtime.ReadyReplicas;
        var status = new JsonObject { ["observedGeneration"] = deployment.IntegerAt(out _, "metadata", "generation") ?? 1 };
        AddCount(status, "replicas", existing);
        AddCount(status, "updatedReplicas", existing);
        AddCount(status, "readyReplicas", available);
        AddCount(status, "availableReplicas", available);
        AddCount(status, "unavailableReplicas", Math.Max(0, desired - available));
        var previous = deployment.ArrayAt("status", "conditions");
        var replicaSet = $"{runtime.Name}-{TemplateHash(deployment)}";
        var minimumAvailable = available >= desired - MaxUnavailable(deployment, desired);
        var progressed = available == desired && existing == desired;
        status["conditions"] = new JsonArray(
            Condition(previous, now, "Available", minimumAvailable,
                minimumAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                minimumAvailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability."),
            Condition(previous, now, "Progressing", true,
                progressed ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                progressed ? $"ReplicaSet \"{replicaSet}\" has successfully progressed." : $"ReplicaSet \"{replicaSet}\" is progressing."));
        return status;
    }

    private static void AddCount(JsonObject status, string field, int value)
    {
        if (value != 0)
        {
            status[field] = value;
        }
    }

    /// <summary>Keeps the previous timestamps while nothing changed, so an unchanged status is byte-identical.</summary>
    private static JsonObject Condition(JsonArray? previous, DateTimeOffset now, string type, bool isTrue, string reason, string message)
    {
        var before = previous?.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == type);
        var status = isTrue ? "True" : "False";
        var timestamp = ObjectStore.Timestamp(now);
        var transitioned = before?.StringAt("status") != status;
        var updated = transitioned || before?.StringAt("reason") != reason || before?.StringAt("message") != message;
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastUpdateTime"] = updated ? timestamp : before!.StringAt("lastUpdateTime"),
            ["lastTransitionTime"] = transitioned ? timestamp : before!.StringAt("lastTransitionTime"),
            ["reason"] = reason,
            ["message"] = message,
        };
    }

    private static int MaxUnavailable(JsonObject deployment, int desired)
    {
        var value = deployment.At("spec", "strategy", "rollingUpdate", "maxUnavailable")?.ToString() ?? "25%";
        return value.EndsWith('%') && int.TryParse(value[..^1], out var percent)
            ? desired * percent / 100
            : int.TryParse(value, out var absolute) ? absolute : 0;
    }

    /// <summary>A stable pod-template-hash look-alike for the ReplicaSet name in condition messages.</summary>
    private static string TemplateHash(JsonObject deployment)
    {
        var template = deployment.At("spec", "template")?.ToJsonString() ?? "";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template)))[..10];
    }
}
