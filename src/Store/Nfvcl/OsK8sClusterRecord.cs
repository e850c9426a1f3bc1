using System.Text.Json;

namespace Smo.Store.Nfvcl;

/// <summary>A stored OpenStack Kubernetes cluster, keyed by the id SMO gave it.</summary>
public sealed record OsK8sClusterRecord(
    string SmoId,
    string? NfvclId,
    int PopArea,
    bool IsMasterArea,
    IReadOnlyList<string> MasterFlavors,
    string? ManagementNetwork,
    string? ServiceNetwork,
    int RunningWorkers,
    JsonElement? KarmadaDetails);
