using Smo.Hdag.Translation;

namespace Smo.Hdag.Parsing;

/// <summary>Limits and tables the parser validates against.</summary>
public sealed record HdagParserOptions
{
    /// <summary>1 MiB: the largest real descriptor seen is about 11 KB.</summary>
    public const int DefaultMaxInputBytes = 1 << 20;

    /// <summary>Nodes after alias expansion; a 10-service descriptor has a few hundred.</summary>
    public const int DefaultMaxNodes = 100_000;

    /// <summary>Nested collections; descriptors nest about 8 deep, chart values a few more.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>The size assumed for absent <c>ram</c>/<c>storage</c> intents, as the H3NI refactoring did.</summary>
    public const string DefaultSize = "small";

    public static HdagParserOptions Default { get; } = new();

    /// <summary>Input larger than this (UTF-8 bytes) is refused before parsing.</summary>
    public int MaxInputBytes { get; init; } = DefaultMaxInputBytes;

    public int MaxNodes { get; init; } = DefaultMaxNodes;

    public int MaxDepth { get; init; } = DefaultMaxDepth;

    public IntentTables Intents { get; init; } = IntentTables.Original;

    public string DefaultMemorySize { get; init; } = DefaultSize;

    public string DefaultStorageSize { get; init; } = DefaultSize;

    /// <summary>What is wrong with these options; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems() =>
    [
        .. MaxInputBytes > 0 ? [] : new[] { $"MaxInputBytes is {MaxInputBytes}; it must be positive." },
        .. MaxNodes > 0 ? [] : new[] { $"MaxNodes is {MaxNodes}; it must be positive." },
        .. MaxDepth > 0 ? [] : new[] { $"MaxDepth is {MaxDepth}; it must be positive." },
        .. Intents.Problems(),
        .. Intents.MemoryGiB.ContainsKey(DefaultMemorySize) ? [] : new[] { $"DefaultMemorySize '{DefaultMemorySize}' is not in the memory table." },
        .. Intents.StorageGB.ContainsKey(DefaultStorageSize) ? [] : new[] { $"DefaultStorageSize '{DefaultStorageSize}' is not in the storage table." },
    ];
}
