using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Kubernetes.Resources;

namespace Smo.Simulator.Federation;

/// <summary>How precisely a policy's resource selectors match a resource (Karmada's implicit priority), weakest first.</summary>
public enum SelectorMatch
{
    None,
    All,
    LabelSelector,
    Name,
}

/// <summary>A stored PropagationPolicy as the twin's detector and scheduler read it (a copy: the store may change it).</summary>
public sealed record PolicyView(string Namespace, string Name, string? PermanentId, int Priority, bool PreemptsAlways, JsonObject Spec)
{
    public static PolicyView Read(JsonObject policy)
    {
        var spec = (JsonObject)(policy["spec"]?.DeepClone() ?? new JsonObject());
        return new PolicyView(
            policy.StringAt("metadata", "namespace")!,
            policy.StringAt("metadata", "name")!,
            policy.StringAt("metadata", "labels", PropagationPolicyRules.PermanentIdLabel),
            (int)(spec.IntegerAt(out _, "priority") ?? 0),
            spec.StringAt("preemption") == "Always",
            spec);
    }

    /// <summary>The placement as Karmada copies it into the binding; absent reads as empty (all clusters, Duplicated).</summary>
    public JsonObject Placement => Spec.ObjectAt("placement") ?? [];

    /// <summary>The best match of any selector (Karmada's <c>ResourceMatchSelectorsPriority</c>).</summary>
    public SelectorMatch Match(JsonObject resource)
    {
        var best = SelectorMatch.None;
        foreach (var selector in (Spec.ArrayAt("resourceSelectors") ?? []).OfType<JsonObject>())
        {
            var match = MatchOne(selector, resource);
            best = match > best ? match : best;
        }
        return best;
    }

    /// <summary>A name wins over a label selector, which wins over apiVersion and kind alone; a name ignores the label selector.</summary>
    private static SelectorMatch MatchOne(JsonObject selector, JsonObject resource)
    {
        var metadata = resource.ObjectAt("metadata");
        if (selector.StringAt("apiVersion") != resource.StringAt("apiVersion") || selector.StringAt("kind") != resource.StringAt("kind")
            || (selector.StringAt("namespace") is { Length: > 0 } ns && ns != metadata.StringAt("namespace")))
        {
            return SelectorMatch.None;
        }
        if (selector.StringAt("name") is { Length: > 0 } name)
        {
            return name == metadata.StringAt("name") ? SelectorMatch.Name : SelectorMatch.None;
        }
        if (selector.ObjectAt("labelSelector") is not { } labels)
        {
            return SelectorMatch.All;
        }
        return LabelSelectorMatch.Matches(labels, metadata.ObjectAt("labels")) ? SelectorMatch.LabelSelector : SelectorMatch.None;
    }
}
