namespace Smo.Hdag.Translation;

/// <summary>Looks sizes up in an intent table whatever its comparer: names match case-insensitively.</summary>
internal static class IntentSizes
{
    /// <summary>The table's spelling of <paramref name="size"/>, or null when the table has no such size.</summary>
    public static string? Canonical(IReadOnlyDictionary<string, double> table, string size) =>
        table.Keys.FirstOrDefault(key => key.Equals(size, StringComparison.OrdinalIgnoreCase));

    public static double Amount(IReadOnlyDictionary<string, double> table, string size) =>
        Canonical(table, size) is { } key
            ? table[key]
            : throw new ArgumentException($"Size '{size}' is not in the intent table ({string.Join(", ", table.Keys)}); parse and translate with the same tables.", nameof(size));
}
