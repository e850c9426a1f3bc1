using Smo.Hdag.Translation;

namespace Smo.Hdag.Parsing;

/// <summary>Reads <c>intent.compute</c>: size intents from the configured tables, or explicit amounts.</summary>
internal static class ComputeBinder
{
    public static ComputeIntent? Bind(MappingReader intent, HdagParserOptions options)
    {
        var compute = intent["compute"].AsMapping(required: true, "a mapping with cpu, ram, storage and gpu");
        if (compute is null)
        {
            return null;
        }

        var cpu = Resource(compute, "cpu", options.Intents.CpuCores, IntentTables.Original.CpuCores, Quantity.CpuCores, defaultSize: null);
        var memory = Resource(compute, "ram", options.Intents.MemoryGiB, IntentTables.Original.MemoryGiB, Quantity.MemoryGiB, options.DefaultMemorySize);
        var storage = Resource(compute, "storage", options.Intents.StorageGB, IntentTables.Original.StorageGB, Quantity.StorageGB, options.DefaultStorageSize);
        var gpu = compute.Enabled("gpu");
        compute.WarnAboutUnknownFields();
        return cpu is null || memory is null || storage is null ? null : new ComputeIntent(cpu, memory, storage, gpu);
    }

    /// <param name="originalTable">The original SMO's table for this resource: a name outside it made the original fail.</param>
    private static ResourceRequest? Resource(MappingReader compute, string key, IReadOnlyDictionary<string, double> table,
        IReadOnlyDictionary<string, double> originalTable, Quantity quantity, string? defaultSize)
    {
        var field = compute[key];
        var expected = $"one of {string.Join(", ", table.Keys)}, or {quantity.Example}";
        if (field.IsAbsent && defaultSize is not null)
        {
            // The original crashed on a missing ram/storage; the H3NI refactoring assumed "small". Assume, but say so.
            field.Warning(field.Node is null ? Field.Missing : "null", $"{expected}; assumed '{defaultSize}'",
                $"{OriginalSmo.KeyError(key)} (the H3NI monorepo assumed '{OriginalSmo.MonorepoDefaultSize}')");
            return new SizeIntent(IntentSizes.Canonical(table, defaultSize)!);
        }

        var text = field.AsString(required: true, expected);
        if (text is null)
        {
            return null;
        }

        if (IntentSizes.Canonical(table, text) is { } size)
        {
            return new SizeIntent(size);
        }

        var isBareNumber = field.Node is ScalarNode { Kind: ScalarKind.Integer or ScalarKind.Float };
        if ((quantity.BareNumberAllowed || !isBareNumber) && quantity.Parse(text) is { } amount)
        {
            return new ExplicitAmount(amount, text);
        }

        var original = IntentSizes.Canonical(originalTable, text) is null && quantity.Parse(text) is null
            ? $"{OriginalSmo.KeyErrorOnQuoted(((ScalarNode)field.Node!).Quoted)} (its {key} table has {string.Join(", ", originalTable.Keys)})"
            : null;
        field.Error(field.Node!.Describe(), expected, original);
        return null;
    }
}
