using System.Text.Json;

namespace Smo.Store.Nfvcl;

/// <summary>A Kubernetes cluster NFVCL runs on OpenStack for SMO (the original's <c>OS_K8S_cluster</c>).</summary>
/// <param name="NfvclId">The NFVCL blueprint behind the cluster.</param>
/// <param name="MasterFlavors">The master nodes' flavours as NFVCL reports them.</param>
/// <param name="KarmadaDetails">How the cluster joined Karmada, when it did (an object).</param>
public sealed record NewOsK8sCluster(
    string NfvclId,
    int PopArea,
    string? ManagementNetwork,
    string? ServiceNetwork,
    int RunningWorkers,
    bool IsMasterArea = true)
{
    public IReadOnlyList<string> MasterFlavors { get; init; } = [];

    public JsonElement? KarmadaDetails { get; init; }

    internal void Validate(string parameter)
    {
        Require.Text(NfvclId, "The cluster's NFVCL blueprint id", parameter);
        Require.NonNegative(PopArea, $"Cluster {NfvclId}: pop_area", parameter);
        Require.NonNegative(RunningWorkers, $"Cluster {NfvclId}: running workers", parameter);
        if (MasterFlavors is null || MasterFlavors.Any(flavor => flavor is null))
        {
            throw new ArgumentException($"Cluster {NfvclId}: master flavours must be a list of non-null names.", parameter);
        }

        if (KarmadaDetails is { ValueKind: not JsonValueKind.Object })
        {
            throw new ArgumentException($"Cluster {NfvclId}: Karmada details must be a JSON object, not {KarmadaDetails.Value.ValueKind}.", parameter);
        }
    }
}
