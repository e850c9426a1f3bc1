using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes.Resources;

/// <summary>
/// What Karmada's apiserver and webhooks do to a PropagationPolicy: the CRD's structural schema (pruning, defaults,
/// 422 on a wrong type, a missing selector, an unknown enum value or a weight below 1), then Karmada's mutating
/// webhook (<c>pkg/webhook/propagationpolicy/mutating.go</c>) and the checks of its validating webhook
/// (<c>validating.go</c>, <c>pkg/util/validation</c>) that Smo can meet, answered 403 as an admission denial.
/// </summary>
public sealed class PropagationPolicyRules : IResourceRules, IAdmissionRules
{
    public const string PermanentIdLabel = "propagationpolicy.karmada.io/permanent-id";
    public const string ControllerFinalizer = "karmada.io/propagation-policy-controller";

    private static readonly string[] FieldSelectorKeys = ["provider", "region", "zone"];
    private static readonly string[] FieldSelectorOperators = ["In", "NotIn"];

    public string WebhookName => "propagationpolicy.karmada.io";

    public string? DecodeError(JsonObject item) => null;

    public void ApplyDefaults(JsonObject item)
    {
        PropagationPolicySchema.Root.Prune(item);
        PropagationPolicySchema.Root.ApplyDefaults(item);
    }

    public IReadOnlyList<FieldError> Validate(JsonObject item)
    {
        var errors = new List<FieldError>();
        PropagationPolicySchema.Root.Validate(item, "", errors);
        return errors;
    }

    public void Mutate(JsonObject item, JsonObject? stored)
    {
        if (item["spec"] is not JsonObject spec)
        {
            return;
        }
        var ns = item.StringAt("metadata", "namespace");
        foreach (var selector in (spec["resourceSelectors"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (string.IsNullOrEmpty(selector.StringAt("namespace")))
            {
                selector["namespace"] = ns;
            }
        }
        // The webhook answers with the Go struct re-encoded, and a struct-valued placement is never omitted.
        var placement = spec.Child("placement");
        foreach (var constraint in (placement["spreadConstraints"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (string.IsNullOrEmpty(constraint.StringAt("spreadByField")) && string.IsNullOrEmpty(constraint.StringAt("spreadByLabel")))
            {
                constraint["spreadByField"] = "cluster";
            }
            if ((constraint.IntegerAt(out _, "minGroups") ?? 0) == 0)
            {
                constraint["minGroups"] = 1;
            }
        }
        if (placement["replicaScheduling"] is JsonObject scheduling && scheduling.StringAt("replicaSchedulingType") == "Divided"
            && string.IsNullOrEmpty(scheduling.StringAt("replicaDivisionPreference")))
        {
            scheduling["replicaDivisionPreference"] = "Weighted";
        }
        if (stored is null)
        {
            var metadata = item.Child("metadata");
            metadata.Child("labels")[PermanentIdLabel] = Guid.NewGuid().ToString();
            if (metadata["finalizers"] is not JsonArray finalizers)
            {
                metadata["finalizers"] = finalizers = [];
            }
            if (!finalizers.Any(f => f?.ToString() == ControllerFinalizer))
            {
                finalizers.Add(ControllerFinalizer);
            }
        }
    }

    public string? Deny(JsonObject item, JsonObject? stored)
    {
        var id = item.StringAt("metadata", "labels", PermanentIdLabel);
        if (stored is not null)
        {
            if (item.StringAt("spec", "schedulerName") != stored.StringAt("spec", "schedulerName"))
            {
                return "the schedulerName should not be updated";
            }
            if (id != stored.StringAt("metadata", "labels", PermanentIdLabel))
            {
                return $"label {PermanentIdLabel} is immutable, it can only be set by the system during creation";
            }
        }
        if (id is null)
        {
            return $"label {PermanentIdLabel} is required, it should be set by the mutating admission webhook during creation";
        }
        var errors = SpecErrors(item.ObjectAt("spec")!, item.StringAt("metadata", "namespace"));
        return errors.Count switch
        {
            0 => null,
            1 => errors[0].ToString(),
            _ => $"[{string.Join(", ", errors)}]",
        };
    }

    /// <summary>The checks of Karmada's <c>ValidatePropagationSpec</c> that bear on what the twin models, in its order.</summary>
    private static List<FieldError> SpecErrors(JsonObject spec, string? ns)
    {
        var errors = new List<FieldError>();
        var placement = spec.ObjectAt("placement");
        if (placement?["clusterAffinity"] is not null && placement["clusterAffinities"] is not null)
        {
            errors.Add(FieldError.Invalid("spec.placement", placement.ToJsonString(WireJson.Options), "clusterAffinities cannot co-exist with clusterAffinity"));
        }
        if (FieldSelectorError(placement.ObjectAt("clusterAffinity", "fieldSelector")) is { } fieldError)
        {
            errors.Add(FieldError.Invalid("spec.placement.clusterAffinity.fieldSelector",
                placement.ObjectAt("clusterAffinity", "fieldSelector")!.ToJsonString(WireJson.Options), fieldError));
        }
        if (spec.ObjectAt("failover", "application") is not null && spec["propagateDeps"]?.GetValue<bool>() != true)
        {
            errors.Add(FieldError.Invalid("spec.propagateDeps", "false", "application failover is set, propagateDeps must be true"));
        }
        var selectors = (spec["resourceSelectors"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        for (var i = 0; i < selectors.Count; i++)
        {
            var selectorNamespace = selectors[i].StringAt("namespace") ?? "";
            if (selectorNamespace != ns)
            {
                errors.Add(FieldError.Invalid($"spec.resourceSelectors[{i}].namespace", $"\"{selectorNamespace}\"",
                    "namespace of resource selector must be the same as the namespace of the policy"));
            }
        }
        if (spec.StringAt("preemption") == "Always")
        {
            for (var i = 0; i < selectors.Count; i++)
            {
                if (string.IsNullOrEmpty(selectors[i].StringAt("name")))
                {
                    errors.Add(FieldError.Invalid($"spec.resourceSelectors[{i}].name", "\"\"",
                        "name cannot be empty if preemption is Always, the empty name may cause unexpected resources preemption"));
                }
            }
        }
        return errors;
    }

    private static string? FieldSelectorError(JsonObject? fieldSelector)
    {
        foreach (var expression in (fieldSelector?["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = expression.StringAt("key") ?? "";
            var op = expression.StringAt("operator") ?? "";
            if (!FieldSelectorKeys.Contains(key))
            {
                return $"unsupported key \"{key}\", must be provider, region, or zone";
            }
            if (!FieldSelectorOperators.Contains(op))
            {
                return $"unsupported operator \"{op}\", must be In or NotIn";
            }
        }
        return null;
    }
}
