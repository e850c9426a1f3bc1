namespace Smo.Simulator.Kubernetes;

/// <summary>How a resource is served: built into the apiserver, aggregated (Karmada clusters) or a CRD.</summary>
public enum ResourceFlavor
{
    BuiltIn,
    Aggregated,
    Custom,
}

/// <summary>One served resource type, and the rules (defaults, validation) the apiserver applies to it.</summary>
public sealed record ResourceDefinition(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    ResourceFlavor Flavor,
    bool ReadOnly = false,
    IResourceRules? Rules = null)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary>The "{resource}.{group}" of error messages; core resources have no group part.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public bool IsCustomResource => Flavor == ResourceFlavor.Custom;

    /// <summary>Namespaces carry no metadata.generation; every other type here does.</summary>
    public bool TracksGeneration => Kind != "Namespace";

    /// <summary>Items of Go-served lists carry no kind/apiVersion; items of CRD lists do (protocols.md §0).</summary>
    public bool ListItemsCarryKind => IsCustomResource;
}
