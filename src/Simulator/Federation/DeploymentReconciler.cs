using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;

namespace Smo.Simulator.Federation;

/// <summary>
/// The controllers of the twin: Karmada's detector and scheduler place each Deployment (a PropagationPolicy that
/// claims it, else the chart's placement annotation) as shares of replicas on member clusters; the members run each
/// share's pods (pending until they fit, ready after the start delay, not ready while the cluster is down); the
/// Deployment's status (the sums over its members, as Karmada aggregates them) and its ResourceBinding are written back.
/// It runs before every API answer, so it does only what changed: the Deployment objects written since the last
/// run (<see cref="ObjectStore.TakeChanges"/>), the Deployments of a namespace whose policies changed, and the
/// Deployments with pods still starting are looked at, pods are scheduled when something could have moved, and a
/// status is recomputed only when its inputs (<see cref="StatusBasis"/>) differ from the last one written — an answer
/// in a federation of thousands of Deployments costs what changed, not a pass over all of them.
/// </summary>
public static class DeploymentReconciler
{
    public static void Reconcile(FederationState state, TimeSpan now)
    {
        var healthChanged = ApplyClusterHealth(state, now);
        var changed = SyncRuntimes(state, out var removed);
        var policyNamespaces = state.Policies.Refresh(state.Store);
        // A policy written or deleted can move any Deployment of its namespace; a cluster's health, any Duplicated placement.
        IReadOnlyCollection<DeploymentRuntime> toPlace = healthChanged || policyNamespaces.Count > 0
            ? [.. changed.Union(state.Deployments.Values.Where(d => healthChanged || policyNamespaces.Contains(d.Namespace)))]
            : changed;
        var moved = false;
        foreach (var runtime in toPlace)
        {
            moved |= Place(state, runtime, now);
        }
        // Capacity frees, and pods become placeable, only when a Deployment changes, moves or goes, or a cluster's health changes.
        if (changed.Count > 0 || removed || healthChanged || moved)
        {
            Schedule(state, now);
        }
        // Between changes only the Deployments just written or placed and those with pods still starting can change
        // their ready count or status; a cluster going down or coming back touches all.
        IEnumerable<DeploymentRuntime> visited = healthChanged ? state.Deployments.Values : toPlace.Union(state.Starting);
        foreach (var runtime in visited.ToList())
        {
            if (!CountReady(state, runtime, now))
            {
                state.Starting.Remove(runtime);
            }
            WriteStatus(state, runtime);
            ResourceBindingWriter.Write(state, runtime);
        }
        ClusterReporter.Write(state);
    }

    /// <summary>True when a cluster went down, came back or was tainted differently.</summary>
    private static bool ApplyClusterHealth(FederationState state, TimeSpan now)
    {
        var down = state.Faults.NotReadyClusters(now);
        var taints = state.Faults.Taints(now);
        var changed = false;
        foreach (var cluster in state.Clusters.Values)
        {
            var reason = down.GetValueOrDefault(cluster.Name);
            if (reason != cluster.NotReadyReason)
            {
                var status = cluster.ReadyStatus;
                cluster.NotReadyReason = reason;
                // As metav1's SetStatusCondition: a new reason alone keeps the lastTransitionTime.
                if (cluster.ReadyStatus != status)
                {
                    cluster.ReadySince = now;
                }
                changed = true;
            }
            var tainted = taints.GetValueOrDefault(cluster.Name) ?? [];
            if (!tainted.SequenceEqual(cluster.FaultTaints))
            {
                cluster.FaultTaints = tainted;
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
                    foreach (var share in gone.Shares)
                    {
                        Unschedule(state, gone, share, share.Pods.Count(p => p.Scheduled));
                    }
                    state.Starting.Remove(gone);
                    state.Waiting.Remove(gone);
                    state.ServicesChanged();
                    // Karmada garbage-collects the binding with the resource template that owns it.
                    ResourceBindingWriter.Delete(state, gone);
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
            runtime.TemplateVersion = version;
            runtime.Uid = deployment.StringAt("metadata", "uid");
            runtime.TemplateGeneration = deployment.IntegerAt(out _, "metadata", "generation") ?? 1;
            var resources = PodResources.Of(deployment);
            // No rolling update: changing the pod template restarts every pod on every member.
            if (resources != runtime.Resources)
            {
                foreach (var share in runtime.Shares)
                {
                    Unschedule(state, runtime, share, share.Pods.Count(p => p.Scheduled));
                    share.Pods.Clear();
                    share.Generation++;
                }
                runtime.Resources = resources;
            }
            runtime.DesiredReplicas = (int)(deployment.IntegerAt(out _, "spec", "replicas") ?? 1);
        }
        return changed;
    }

    /// <summary>
    /// Karmada's detector and scheduler for one Deployment: settles which policy claims it, reschedules when the
    /// claim, its placement or the replicas changed (a Duplicated placement on every look, as Karmada does), and moves
    /// the shares to the result. A failed scheduling, or a Deployment no policy claims any more, keeps its shares.
    /// Returns whether the shares changed.
    /// </summary>
    private static bool Place(FederationState state, DeploymentRuntime runtime, TimeSpan now)
    {
        if (state.Store.Peek(ResourceCatalog.Deployments, runtime.Namespace, runtime.Name) is not { } deployment)
        {
            return false;
        }
        var chartCluster = deployment.StringAt("metadata", "annotations", Placement.ClusterAnnotation);
        runtime.Claim = PolicyClaims.Resolve(runtime.Claim, state.Policies.In(runtime.Namespace), deployment, chartCluster);
        if (runtime.Claim is not { } claim)
        {
            return Resize(state, runtime);
        }
        var placement = claim.Placement;
        var from = $"{claim.Policy?.Name}\n{placement.ToJsonString()}\n{runtime.DesiredReplicas}";
        var duplicated = placement.ObjectAt("replicaScheduling") is not { } scheduling || scheduling.StringAt("replicaSchedulingType") == "Duplicated";
        if (from == runtime.ScheduledFrom && !duplicated)
        {
            return Resize(state, runtime);
        }
        var targeted = runtime.Shares.Select(s => s.Cluster).ToHashSet(StringComparer.Ordinal);
        var result = ReplicaScheduler.Schedule(state.Clusters.Values, placement, runtime.DesiredReplicas, targeted, runtime.Uid);
        runtime.Scheduling = result;
        if (result.Clusters is not { } clusters)
        {
            return Resize(state, runtime);
        }
        var moved = MoveShares(state, runtime, clusters);
        if (moved || from != runtime.ScheduledFrom)
        {
            runtime.LastScheduledAt = state.Clock.StartedAt + now;
        }
        runtime.ScheduledFrom = from;
        return Resize(state, runtime) || moved;
    }

    /// <summary>
    /// Gives each cluster its new share: a cluster dropped stops its pods at once, a smaller share stops the surplus
    /// at once, a larger or new one gets pending pods (Karmada does not make before it breaks).
    /// </summary>
    private static bool MoveShares(FederationState state, DeploymentRuntime runtime, IReadOnlyList<(string Cluster, int Replicas)> clusters)
    {
        var moved = false;
        foreach (var share in runtime.Shares.Where(s => !clusters.Any(c => c.Cluster == s.Cluster)).ToList())
        {
            Unschedule(state, runtime, share, share.Pods.Count(p => p.Scheduled));
            runtime.Shares.Remove(share);
            moved = true;
        }
        foreach (var (cluster, replicas) in clusters)
        {
            var share = runtime.Shares.FirstOrDefault(s => s.Cluster == cluster);
            if (share is null)
            {
                runtime.Shares.Add(share = new ClusterShare(cluster) { Replicas = replicas });
                moved = true;
            }
            else if (share.Replicas != replicas)
            {
                share.Replicas = replicas;
                share.Generation++;
                moved = true;
            }
        }
        runtime.Shares.Sort((a, b) => string.CompareOrdinal(a.Cluster, b.Cluster));
        return moved;
    }

    /// <summary>
    /// Gives every share its number of pods; scale-down removes pending pods first, then the youngest, as the
    /// ReplicaSet controller prefers. Returns whether a pod was added or removed.
    /// </summary>
    private static bool Resize(FederationState state, DeploymentRuntime runtime)
    {
        var resized = false;
        foreach (var share in runtime.Shares)
        {
            while (share.Pods.Count < share.Replicas)
            {
                share.Pods.Add(new SimulatedPod());
                resized = true;
            }
            while (share.Pods.Count > share.Replicas)
            {
                var pending = share.Pods.FindLastIndex(p => !p.Scheduled);
                if (pending < 0)
                {
                    Unschedule(state, runtime, share, 1);
                }
                share.Pods.RemoveAt(pending >= 0 ? pending : share.Pods.Count - 1);
                resized = true;
            }
        }
        if (runtime.Pods.Any(p => !p.Scheduled))
        {
            state.Waiting.Add(runtime);
        }
        else
        {
            state.Waiting.Remove(runtime);
        }
        return resized;
    }

    /// <summary>Gives back to the share's cluster what <paramref name="pods"/> of its scheduled pods reserved.</summary>
    private static void Unschedule(FederationState state, DeploymentRuntime runtime, ClusterShare share, int pods)
    {
        if (pods > 0 && state.Clusters.TryGetValue(share.Cluster, out var cluster))
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
            foreach (var share in deployment.Shares)
            {
                if (!state.Clusters.TryGetValue(share.Cluster, out var cluster))
                {
                    continue;
                }
                foreach (var pod in share.Pods.Where(p => !p.Scheduled))
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
            }
            if (deployment.Pods.All(p => p.Scheduled))
            {
                state.Waiting.Remove(deployment);
            }
        }
    }

    /// <summary>Counts the started pods on Ready clusters per share; returns whether a pod is still starting.</summary>
    private static bool CountReady(FederationState state, DeploymentRuntime runtime, TimeSpan now)
    {
        var ready = 0;
        var starting = false;
        foreach (var share in runtime.Shares)
        {
            var healthy = state.Clusters.TryGetValue(share.Cluster, out var cluster) && cluster.Ready;
            share.ReadyReplicas = healthy ? share.Pods.Count(p => p.IsStarted(now)) : 0;
            ready += share.ReadyReplicas;
            starting |= share.Pods.Any(p => p.Scheduled && !p.IsStarted(now));
        }
        runtime.ReadyReplicas = ready;
        return starting;
    }

    private static void WriteStatus(FederationState state, DeploymentRuntime runtime)
    {
        if (state.Store.Peek(ResourceCatalog.Deployments, runtime.Namespace, runtime.Name) is not { } stored)
        {
            return;
        }
        var version = stored.StringAt("metadata", "resourceVersion");
        var basis = new StatusBasis(version, runtime.DesiredReplicas, runtime.PodCount, runtime.ReadyReplicas);
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

    /// <summary>
    /// apps/v1 DeploymentStatus as Karmada aggregates it on the resource template: the members' counters summed, every
    /// counter omitted when zero, conditions as the deployment controller words them.
    /// </summary>
    private static JsonObject DeploymentStatus(JsonObject deployment, DeploymentRuntime runtime, DateTimeOffset now)
    {
        var desired = runtime.DesiredReplicas;
        var existing = runtime.PodCount;
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
            Conditions.Condition(previous, now, "Available", minimumAvailable,
                minimumAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                minimumAvailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", withUpdateTime: true),
            Conditions.Condition(previous, now, "Progressing", true,
                progressed ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                progressed ? $"ReplicaSet \"{replicaSet}\" has successfully progressed." : $"ReplicaSet \"{replicaSet}\" is progressing.", withUpdateTime: true));
        return status;
    }

    private static void AddCount(JsonObject status, string field, int value)
    {
        if (value != 0)
        {
            status[field] = value;
        }
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
