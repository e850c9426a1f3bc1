namespace Smo.Hdag;

/// <summary>The graph-wide intents (<c>hdaGraphIntent</c>); each flag is the <c>enabled</c> of its block.</summary>
/// <param name="UseStaticPlacement">The charts' own values decide placement: Smo computes none and injects no cluster values.</param>
public sealed record GraphIntent(
    bool UseStaticPlacement = false,
    bool Security = false,
    bool HighAvailability = false,
    bool HighPerformance = false,
    bool EnergyEfficiency = false)
{
    public static GraphIntent None { get; } = new();
}
