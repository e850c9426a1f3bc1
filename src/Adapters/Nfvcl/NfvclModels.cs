namespace Smo.Adapters.Nfvcl;

/// <summary>A network of a VIM as NFVCL's topology names it.</summary>
public sealed record NfvclNetwork(string Name, string Cidr, string Gateway);

/// <summary>A VIM (OpenStack) known to NFVCL's topology.</summary>
/// <param name="Networks">The VIM's network names; the first is management, the second the service network.</param>
public sealed record NfvclVim(string Name, int? Area, string Url, string Type, IReadOnlyList<string> Networks, bool UseFloatingIp);

/// <summary>What registering a VIM in NFVCL's topology needs. The password goes to NFVCL only, never to logs or errors.</summary>
public sealed record NfvclVimRegistration(
    string Topology,
    int PopArea,
    string VimName,
    string VimUrl,
    string TenantName,
    string User,
    string Password,
    NfvclNetwork ManagementNetwork,
    NfvclNetwork ServiceNetwork,
    bool UseFloatingIp)
{
    // Records print their members; this one must not print the password.
    public override string ToString() => $"VIM {VimName} (area {PopArea}, {VimUrl})";
}

/// <summary>A Kubernetes cluster blueprint NFVCL runs on OpenStack.</summary>
public sealed record NfvclK8sBlueprint(
    string Id,
    int Area,
    IReadOnlyList<string> MasterFlavors,
    string? ManagementNetwork,
    string? ServiceNetwork,
    int WorkerCount);

/// <summary>
/// NFVCL's blueprints: the Kubernetes ones that run (with their master area), and the ids of every blueprint listed —
/// one still being created has no master area yet, and must not be taken for one that is gone.
/// </summary>
public sealed record NfvclK8sBlueprints(IReadOnlyList<NfvclK8sBlueprint> Running, IReadOnlySet<string> Listed);

/// <summary>Where a new cluster (or node) goes: the area and its networks.</summary>
public sealed record NfvclK8sPlacement(int PopArea, string ManagementNetwork, string ServiceNetwork);
