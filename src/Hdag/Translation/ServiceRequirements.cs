namespace Smo.Hdag.Translation;

/// <summary>What one replica of a service needs and how many replicas it may have, in the units the placement solver uses.</summary>
/// <param name="MaxReplicas"><see cref="int.MaxValue"/> when the descriptor sets no bound (capacity is then the limit).</param>
public sealed record ServiceRequirements(
    string ServiceId,
    double CpuCores,
    double MemoryGiB,
    double StorageGB,
    bool NeedsGpu,
    int MinReplicas,
    int MaxReplicas);
