namespace Smo.Adapters.Karmada;

/// <summary>A cluster joined to the Submariner broker and its address ranges.</summary>
public sealed record SubmarinerCluster(
    string ClusterId,
    IReadOnlyList<string> ClusterCidrs,
    IReadOnlyList<string> ServiceCidrs,
    IReadOnlyList<string> GlobalCidrs);
