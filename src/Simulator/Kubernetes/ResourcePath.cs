namespace Smo.Simulator.Kubernetes;

/// <summary>What a Kubernetes API path addresses: a type, optionally a namespace, an object and a subresource.</summary>
public sealed record ResourcePath(ResourceDefinition Type, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>
    /// Parses the segments after <c>/api</c> (core: <c>v1/...</c>) or <c>/apis</c> (<c>{group}/{version}/...</c>);
    /// null when no served type matches or the scope is wrong, which the apiserver answers 404.
    /// </summary>
    public static ResourcePath? Parse(bool core, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var prefix = core ? 1 : 2;
        if (segments.Length <= prefix)
        {
            return null;
        }
        var group = core ? "" : segments[0];
        var version = segments[prefix - 1];
        var rest = segments[prefix..];
        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces")
        {
            ns = rest[1];
            rest = rest[2..];
        }
        if (rest.Length > 3 || ResourceCatalog.Find(group, version, rest[0]) is not { } type)
        {
            return null;
        }
        if (ns is not null && !type.Namespaced)
        {
            return null;
        }
        var name = rest.Length > 1 ? rest[1] : null;
        // Namespaced objects are addressed inside their namespace; only lists may span all namespaces.
        if (type.Namespaced && ns is null && name is not null)
        {
            return null;
        }
        return new ResourcePath(type, ns, name, rest.Length > 2 ? rest[2] : null);
    }
}
