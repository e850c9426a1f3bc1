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

        var cpu = Resource(compute["cpu"], options.Intents.CpuCores, Quantity.CpuCores, defaultSize: null);
        var memory = Resource(compute["ram"], options.Intents.MemoryGiB, Quantity.MemoryGiB, options.DefaultMemorySize);
        var storage = Resource(compute["storage"], options.Intents.StorageGB, Quantity.StorageGB, options.DefaultStorageSize);
        var gpu = compute.Enabled("gpu");
        compute.WarnAboutUnknownFields();
        return cpu is null || memory is null || storage is null ? null : new ComputeIntent(cpu, memory, storage, gpu);
    }

    private static ResourceRequest? Resource(Field field, IReadOnlyDictionary<string, double> table, Quantity quantity, string? defaultSize)
    {
        var expected = $"one of {string.Join(", ", table.Keys)}, or {quantity.Example}";
        if (field.IsAbsent && defaultSize is not null)
        {
            // The original crashed on a missing ram/storage; the H3NI refactoring assumed "small". Assume, but say so.
            field.Warning(field.Node is null ? "nothing (the field is missing)" : "null", $"{expected}; assumed '{defaultSize}'");
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

        field.Error(field.Node!.Describe(), expected);
        return null;
    }
}
