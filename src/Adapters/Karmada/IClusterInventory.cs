namespace Smo.Adapters.Karmada;

/// <summary>The member clusters of the federation with their free capacity.</summary>
public interface IClusterInventory
{
    Task<IReadOnlyList<MemberCluster>> ListAsync(CancellationToken cancellationToken = default);
}
