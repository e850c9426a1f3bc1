using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Smo.Adapters.Karmada;

/// <summary>
/// Divides a service's replicas through a PropagationPolicy of Smo's own, <c>smo-&lt;service&gt;</c> in the service's
/// namespace: it selects the service's Deployment by name and has Karmada divide its replicas by static weights
/// (Divided / Weighted, <c>clusterAffinity</c> the weighted clusters). The chart's own policy has claimed the Deployment
/// already, and Karmada hands a claimed resource to another policy only if that one has a higher <c>priority</c> and
/// <c>preemption: Always</c> ("Once a resource template has been claimed by a policy, by default it will not be
/// preempted by following policies even with a higher priority"; Always "can preempt any resource as per Priority" —
/// <c>pkg/apis/policy/v1alpha1/propagation_types.go</c>; karmada-controller-manager needs its
/// <c>PropagationPolicyPreemption</c> feature gate on). Deleting the policy gives the Deployment back to the chart's.
/// Writes are read-modify-write: created when absent, otherwise replaced with the resourceVersion read and the labels
/// Karmada's webhook set (it refuses a replace that drops its permanent-id label), re-read on 409. A policy of that
/// name without Smo's label is left alone.
/// </summary>
public sealed class KarmadaPropagationPolicies(KarmadaApi api, IOptions<KarmadaOptions> options, ILogger<KarmadaPropagationPolicies> logger)
    : IKarmadaPropagationPolicies
{
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedBy = "smo";

    private const string Group = "policy.karmada.io";
    private const string Version = "v1alpha1";
    private const string Plural = "propagationpolicies";

    /// <summary>The PropagationPolicy that divides <paramref name="service"/>'s replicas.</summary>
    public static string PolicyName(string service) => $"smo-{service}";

    public async Task<bool> ApplyDivisionAsync(string @namespace, string service, IReadOnlyDictionary<string, int> weights, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0)
        {
            throw new ArgumentException("a division needs at least one cluster", nameof(weights));
        }
        foreach (var (cluster, weight) in weights)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(cluster, nameof(weights));
            // Karmada's CRD refuses a static weight below 1 (minimum: 1); a cluster that should get nothing is left out.
            ArgumentOutOfRangeException.ThrowIfLessThan(weight, 1, $"{nameof(weights)}[{cluster}]");
        }

        var ordered = weights.OrderBy(w => w.Key, StringComparer.Ordinal).ToList();
        var operation = $"divide the replicas of deployment {@namespace}/{service} over {string.Join(", ", ordered.Select(w => $"{w.Key}={w.Value}"))}";
        var desired = DesiredSpec(@namespace, service, ordered);
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetAsync(@namespace, service, operation, cancellationToken);
            var policy = current ?? NewPolicy(@namespace, service);
            var spec = policy["spec"] as JsonObject ?? [];
            var before = spec.DeepClone();
            // Only the fields Smo decides are set: what Karmada defaulted or its webhook added stays as stored.
            foreach (var (field, value) in desired)
            {
                spec[field] = value?.DeepClone();
            }
            if (current is not null && JsonNode.DeepEquals(before, spec))
            {
                return false;
            }
            policy["spec"] = spec;

            try
            {
                await KubernetesCall.RunAsync(ExternalSystem.Karmada, operation, () => current is null
                        ? api.Client.CustomObjects.CreateNamespacedCustomObjectAsync(policy, Group, Version, @namespace, Plural, cancellationToken: cancellationToken)
                        : api.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(policy, Group, Version, @namespace, Plural, PolicyName(service),
                            cancellationToken: cancellationToken),
                    cancellationToken);
                return true;
            }
            catch (AdapterException conflict) when (conflict.Failure == AdapterFailure.Conflict && attempt < options.Value.ConflictRetries)
            {
                // Created or replaced by someone else since it was read: start again from what is stored now.
                logger.LogInformation("PropagationPolicy {Namespace}/{Policy} changed while Smo wrote it; re-reading (attempt {Attempt})",
                    @namespace, PolicyName(service), attempt + 1);
            }
        }
    }

    public async Task<bool> RemoveDivisionAsync(string @namespace, string service, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        var operation = $"remove the division of deployment {@namespace}/{service}";
        if (await GetAsync(@namespace, service, operation, cancellationToken) is not { } current)
        {
            return false;
        }

        try
        {
            // The uid precondition: a policy deleted and re-created since it was read is not deleted blind.
            var preconditions = new V1Preconditions { Uid = current["metadata"]?["uid"]?.GetValue<string>() };
            await KubernetesCall.RunAsync(ExternalSystem.Karmada, operation,
                () => api.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, @namespace, Plural, PolicyName(service),
                    new V1DeleteOptions { Preconditions = preconditions }, cancellationToken: cancellationToken),
                cancellationToken);
            return true;
        }
        catch (AdapterException gone) when (gone.Failure == AdapterFailure.NotFound)
        {
            return false;
        }
    }

    /// <summary>The policy as stored, null when there is none; one of that name that Smo did not write is refused.</summary>
    private async Task<JsonObject?> GetAsync(string @namespace, string service, string operation, CancellationToken cancellationToken)
    {
        object stored;
        try
        {
            stored = await KubernetesCall.RunAsync(ExternalSystem.Karmada, operation,
                () => api.Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, @namespace, Plural, PolicyName(service), cancellationToken),
                cancellationToken);
        }
        catch (AdapterException missing) when (missing.Failure == AdapterFailure.NotFound)
        {
            return null;
        }

        var policy = JsonNode.Parse(KubernetesObjects.ToElement(stored).GetRawText()) as JsonObject
            ?? throw new AdapterException(ExternalSystem.Karmada, operation, AdapterFailure.InvalidResponse, "the PropagationPolicy is not a JSON object");
        if (policy["metadata"]?["labels"]?[ManagedByLabel] is not JsonValue label || !label.TryGetValue<string>(out var manager) || manager != ManagedBy)
        {
            throw new AdapterException(ExternalSystem.Karmada, operation, AdapterFailure.Conflict,
                $"PropagationPolicy {@namespace}/{PolicyName(service)} exists and is not Smo's (no label {ManagedByLabel}={ManagedBy}); Smo leaves it alone");
        }

        return policy;
    }

    private static JsonObject NewPolicy(string @namespace, string service) => new()
    {
        ["apiVersion"] = $"{Group}/{Version}",
        ["kind"] = "PropagationPolicy",
        ["metadata"] = new JsonObject
        {
            ["name"] = PolicyName(service),
            ["namespace"] = @namespace,
            ["labels"] = new JsonObject { [ManagedByLabel] = ManagedBy },
        },
        ["spec"] = new JsonObject(),
    };

    /// <summary>The fields of the spec Smo owns: the Deployment by name, the precedence over the chart, the weighted division.</summary>
    private JsonObject DesiredSpec(string @namespace, string service, IReadOnlyList<KeyValuePair<string, int>> weights) => new()
    {
        ["resourceSelectors"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["namespace"] = @namespace, ["name"] = service,
        }),
        ["priority"] = options.Value.DivisionPolicyPriority,
        ["preemption"] = "Always",
        ["placement"] = new JsonObject
        {
            ["clusterAffinity"] = new JsonObject { ["clusterNames"] = new JsonArray([.. weights.Select(w => (JsonNode)w.Key)]) },
            ["replicaScheduling"] = new JsonObject
            {
                ["replicaSchedulingType"] = "Divided",
                ["replicaDivisionPreference"] = "Weighted",
                ["weightPreference"] = new JsonObject
                {
                    ["staticWeightList"] = new JsonArray([.. weights.Select(w => (JsonNode)new JsonObject
                    {
                        ["targetCluster"] = new JsonObject { ["clusterNames"] = new JsonArray(w.Key) },
                        ["weight"] = w.Value,
                    })]),
                },
            },
        },
    };
}
