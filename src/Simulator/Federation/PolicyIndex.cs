using Smo.Simulator.Kubernetes;

namespace Smo.Simulator.Federation;

/// <summary>
/// The stored PropagationPolicies by namespace, read once per write rather than once per Deployment matched: the
/// detector matches every Deployment written against the policies of its namespace.
/// </summary>
public sealed class PolicyIndex
{
    private readonly Dictionary<string, SortedDictionary<string, PolicyView>> _byNamespace = new(StringComparer.Ordinal);

    /// <summary>The policies of <paramref name="ns"/>, by name.</summary>
    public IEnumerable<PolicyView> In(string ns) =>
        _byNamespace.TryGetValue(ns, out var policies) ? policies.Values : [];

    /// <summary>Takes the policies written or deleted since the last call; returns the namespaces they are in.</summary>
    public IReadOnlySet<string> Refresh(ObjectStore store)
    {
        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (ns, name) in store.TakeChanges(ResourceCatalog.PropagationPolicies))
        {
            namespaces.Add(ns);
            if (!_byNamespace.TryGetValue(ns, out var policies))
            {
                _byNamespace[ns] = policies = new SortedDictionary<string, PolicyView>(StringComparer.Ordinal);
            }
            if (store.Peek(ResourceCatalog.PropagationPolicies, ns, name) is { } stored)
            {
                policies[name] = PolicyView.Read(stored);
            }
            else
            {
                policies.Remove(name);
            }
        }
        return namespaces;
    }
}
