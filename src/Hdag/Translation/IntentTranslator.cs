namespace Smo.Hdag.Translation;

/// <summary>
/// Translates compute intents into amounts through the intent tables; explicit amounts are taken as written.
/// Unlike the original, the GPU flag is the parsed boolean, so YAML <c>True</c> and the string <c>"True"</c> agree.
/// </summary>
public sealed class IntentTranslator(IntentTables tables)
{
    /// <summary>A service with no <c>scaling.minReplicas</c> runs one replica, like every service in the original.</summary>
    public const int DefaultMinReplicas = 1;

    /// <summary>No upper bound unless the descriptor sets one: cluster capacity limits replicas.</summary>
    public const int UnboundedReplicas = int.MaxValue;

    public IntentTranslator()
        : this(IntentTables.Original)
    {
    }

    public IReadOnlyList<ServiceRequirements> Translate(HdaGraph graph) => [.. graph.Services.Select(Translate)];

    /// <exception cref="ArgumentException">A size is not in the tables: the descriptor was parsed with other tables.</exception>
    public ServiceRequirements Translate(HdaService service)
    {
        var compute = service.Intent.Compute;
        var min = service.Scaling.MinReplicas ?? DefaultMinReplicas;
        return new ServiceRequirements(
            service.Id,
            Amount(compute.Cpu, tables.CpuCores),
            Amount(compute.Memory, tables.MemoryGiB),
            Amount(compute.Storage, tables.StorageGB),
            compute.Gpu,
            min,
            service.Scaling.MaxReplicas ?? UnboundedReplicas);
    }

    private static double Amount(ResourceRequest request, IReadOnlyDictionary<string, double> table) => request switch
    {
        ExplicitAmount explicitAmount => explicitAmount.Amount,
        SizeIntent intent => IntentSizes.Amount(table, intent.Size),
        _ => throw new ArgumentOutOfRangeException(nameof(request), request, "Unknown kind of resource request."),
    };
}
