namespace Smo.Adapters.Karmada;

/// <summary>The clusters known to the Submariner broker.</summary>
public interface ISubmarinerClusters
{
    /// <summary>Empty when Submariner is not enabled in the options.</summary>
    Task<IReadOnlyList<SubmarinerCluster>> ListAsync(CancellationToken cancellationToken = default);
}
