using Smo.Hdag.Translation;

namespace Smo.Hdag.Parsing;

/// <summary>Limits and tables the parser validates against.</summary>
public sealed record HdagParserOptions
{
    /// <summary>1 MiB: the largest real descriptor seen is about 11 KB.</summary>
    public const int DefaultMaxInputBytes = 1 << 20;

    /// <summary>Nodes after alias expansion; a 10-service descriptor has a few hundred.</summary>
    public const int DefaultMaxNodes = 100_000;

    /// <summary>Text after alias expansion: 8 times the input limit.</summary>
    public const long DefaultMaxExpandedBytes = 8L << 20;

    /// <summary>Nested collections; descriptors nest about 8 deep, chart values a few more.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>Services per graph; NEPHELE's descriptors have up to about 10.</summary>
    public const int DefaultMaxServices = 500;

    /// <summary>Connection points and dependencies per graph, all services together.</summary>
    public const int DefaultMaxEdges = 5000;

    /// <summary>Operational policies per graph, all services together (each is a Prometheus rule).</summary>
    public const int DefaultMaxPolicies = 1000;

    /// <summary>Trigger events per graph, all services together (each is a Prometheus rule).</summary>
    public const int DefaultMaxEvents = 1000;

    /// <summary>The size assumed for absent <c>ram</c>/<c>storage</c> intents, as the H3NI refactoring did.</summary>
    public const string DefaultSize = "small";

    public static HdagParserOptions Default { get; } = new();

    /// <summary>Input larger than this (UTF-8 bytes) is refused before parsing.</summary>
    public int MaxInputBytes { get; init; } = DefaultMaxInputBytes;

    public int MaxNodes { get; init; } = DefaultMaxNodes;

    public long MaxExpandedBytes { get; init; } = DefaultMaxExpandedBytes;

    public int MaxDepth { get; init; } = DefaultMaxDepth;

    public int MaxServices { get; init; } = DefaultMaxServices;

    public int MaxEdges { get; init; } = DefaultMaxEdges;

    public int MaxPolicies { get; init; } = DefaultMaxPolicies;

    public int MaxEvents { get; init; } = DefaultMaxEvents;

    public IntentTables Intents { get; init; } = IntentTables.Original;

    public string DefaultMemorySize { get; init; } = DefaultSize;

    public string DefaultStorageSize { get; init; } = DefaultSize;

    /// <summary>
    /// These options without the limits on a request, for descriptors Smo stored itself: they passed the limits at
    /// deploy, and are kept as JSON with their aliases expanded, so they can be larger than what was sent.
    /// </summary>
    public HdagParserOptions ForStoredDescriptors() => this with
    {
        MaxInputBytes = int.MaxValue,
        MaxNodes = int.MaxValue,
        MaxExpandedBytes = long.MaxValue,
        MaxServices = int.MaxValue,
        MaxEdges = int.MaxValue,
        MaxPolicies = int.MaxValue,
        MaxEvents = int.MaxValue,
    };

    /// <summary>What is wrong with these options; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems() =>
    [
        .. MaxInputBytes > 0 ? [] : new[] { $"MaxInputBytes is {MaxInputBytes}; it must be positive." },
        .. MaxNodes > 0 ? [] : new[] { $"MaxNodes is {MaxNodes}; it must be positive." },
        .. MaxDepth > 0 ? [] : new[] { $"MaxDepth is {MaxDepth}; it must be positive." },
        .. MaxExpandedBytes > 0 ? [] : new[] { $"MaxExpandedBytes is {MaxExpandedBytes}; it must be positive." },
        .. MaxServices > 0 ? [] : new[] { $"MaxServices is {MaxServices}; it must be positive." },
        .. MaxEdges > 0 ? [] : new[] { $"MaxEdges is {MaxEdges}; it must be positive." },
        .. MaxPolicies >= 0 ? [] : new[] { $"MaxPolicies is {MaxPolicies}; it must not be negative." },
        .. MaxEvents >= 0 ? [] : new[] { $"MaxEvents is {MaxEvents}; it must not be negative." },
        .. Intents.Problems(),
        .. Intents.MemoryGiB.ContainsKey(DefaultMemorySize) ? [] : new[] { $"DefaultMemorySize '{DefaultMemorySize}' is not in the memory table." },
        .. Intents.StorageGB.ContainsKey(DefaultStorageSize) ? [] : new[] { $"DefaultStorageSize '{DefaultStorageSize}' is not in the storage table." },
    ];
}
