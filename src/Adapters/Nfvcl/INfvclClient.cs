namespace Smo.Adapters.Nfvcl;

/// <summary>The NFVCL calls the original SMO made (smo-original.md §5.7), with its bugs fixed.</summary>
public interface INfvclClient
{
    /// <summary>Creates a Kubernetes blueprint; returns its id.</summary>
    Task<string> CreateK8sClusterAsync(NfvclK8sPlacement placement, CancellationToken cancellationToken = default);

    /// <summary>Deletes a blueprint; false when NFVCL no longer has it.</summary>
    Task<bool> DeleteBlueprintAsync(string blueprintId, CancellationToken cancellationToken = default);

    /// <summary>Adds one worker node to a Kubernetes blueprint.</summary>
    Task AddK8sWorkerAsync(string blueprintId, NfvclK8sPlacement placement, CancellationToken cancellationToken = default);

    /// <summary>
    /// The running Kubernetes blueprints (only those of <paramref name="popArea"/> when given), and the ids of every
    /// blueprint NFVCL lists, whatever its area, type or state.
    /// </summary>
    Task<NfvclK8sBlueprints> ListK8sBlueprintsAsync(int? popArea = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<NfvclVim>> ListVimsAsync(CancellationToken cancellationToken = default);

    Task RegisterVimAsync(NfvclVimRegistration vim, CancellationToken cancellationToken = default);

    /// <summary>Removes a VIM from the topology; false when NFVCL no longer has it.</summary>
    Task<bool> DeleteVimAsync(string vimName, CancellationToken cancellationToken = default);
}
