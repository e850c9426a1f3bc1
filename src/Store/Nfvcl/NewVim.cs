namespace Smo.Store.Nfvcl;

/// <summary>
/// A VIM (OpenStack) SMO can create clusters on, as registered in NFVCL. There is deliberately no password: NFVCL
/// keeps the credentials, SMO only needs to know where the VIM is and which networks to use.
/// </summary>
/// <param name="Networks">Every network of the VIM; the first two are management and service, as NFVCL lists them.</param>
public sealed record NewVim(
    int PopArea,
    string Name,
    string Url,
    string Type,
    IReadOnlyList<string> Networks,
    string? ManagementNetwork,
    string? ServiceNetwork,
    bool UseFloatingIp)
{
    internal void Validate(string parameter)
    {
        Require.NonNegative(PopArea, "The VIM's pop_area", parameter);
        Require.Text(Name, "The VIM's name", parameter);
        if (Url is null || Type is null)
        {
            throw new ArgumentException($"VIM '{Name}': the URL and type must not be null (use an empty text when unknown).", parameter);
        }

        if (Networks is null || Networks.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"VIM '{Name}': networks must be a list of non-blank names.", parameter);
        }
    }
}
