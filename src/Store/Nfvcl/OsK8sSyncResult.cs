namespace Smo.Store.Nfvcl;

/// <summary>What a sync with NFVCL's blueprints changed; clusters are matched by their NFVCL blueprint id.</summary>
/// <param name="Deleted">Clusters of the synced area (or of every area) whose blueprint NFVCL no longer has.</param>
public sealed record OsK8sSyncResult(
    IReadOnlyList<OsK8sClusterRecord> Added,
    IReadOnlyList<OsK8sClusterRecord> Updated,
    IReadOnlyList<OsK8sClusterRecord> Deleted,
    IReadOnlyList<OsK8sClusterRecord> Unchanged)
{
    public bool HasChanges => Added.Count + Updated.Count + Deleted.Count > 0;
}
