namespace Smo.Hdag.Translation;

/// <summary>
/// What the size intents (<c>light|small|medium|large</c>) mean per replica. Names match case-insensitively.
/// <see cref="Original"/> is the original SMO's table, including its quirk that storage has no <c>light</c>.
/// </summary>
public sealed record IntentTables(
    IReadOnlyDictionary<string, double> CpuCores,
    IReadOnlyDictionary<string, double> MemoryGiB,
    IReadOnlyDictionary<string, double> StorageGB)
{
    /// <summary>The original's 500MiB for <c>light</c> memory, in GiB.</summary>
    private const double LightMemoryGiB = 500.0 / 1024;

    public static IntentTables Original { get; } = new(
        Table(("light", 0.5), ("small", 1), ("medium", 4), ("large", 8)),
        Table(("light", LightMemoryGiB), ("small", 1), ("medium", 2), ("large", 8)),
        Table(("small", 10), ("medium", 20), ("large", 40)));

    /// <summary>What is wrong with the tables (empty or non-positive amounts); empty when they can be used.</summary>
    public IReadOnlyList<string> Problems() =>
    [
        .. ProblemsOf(nameof(CpuCores), CpuCores),
        .. ProblemsOf(nameof(MemoryGiB), MemoryGiB),
        .. ProblemsOf(nameof(StorageGB), StorageGB),
    ];

    public static IReadOnlyDictionary<string, double> Table(params (string Size, double Amount)[] rows) =>
        rows.ToDictionary(r => r.Size, r => r.Amount, StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> ProblemsOf(string name, IReadOnlyDictionary<string, double> table) =>
        table.Count == 0
            ? [$"{name} has no sizes."]
            : table.Where(row => !double.IsFinite(row.Value) || row.Value <= 0).Select(row => $"{name}['{row.Key}'] is {row.Value}; amounts must be positive.");
}
