namespace Smo.Store.Nfvcl;

/// <summary>A stored VIM; <see cref="Id"/> is the integer the original API exposed as the VIM's <c>smo_id</c>.</summary>
public sealed record VimRecord(
    int Id,
    int PopArea,
    string Name,
    string Url,
    string Type,
    IReadOnlyList<string> Networks,
    string? ManagementNetwork,
    string? ServiceNetwork,
    bool UseFloatingIp);
