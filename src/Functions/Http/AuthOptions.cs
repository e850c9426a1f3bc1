namespace Smo.Functions.Http;

/// <summary>
/// <c>Smo:Auth</c>: whether the host may serve without keys beyond loopback. Off by default: with no key configured,
/// anyone who reaches the host could install software into the clusters, so it then listens on loopback only.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Smo:Auth";

    /// <summary>The setting that accepts serving without keys on addresses other than loopback.</summary>
    public const string AllowAnonymousSetting = Section + ":AllowAnonymous";

    public bool AllowAnonymous { get; set; }
}

/// <summary>
/// <c>Smo:Compatibility</c>: behaviours of the original SMO kept only on request. <see cref="GetCommands"/> lets the
/// original's GET forms of placement, start, stop and the VIM sync change state without keys; off by default, as
/// any web page can make a browser send a GET.
/// </summary>
public sealed class CompatibilityOptions
{
    public const string Section = "Smo:Compatibility";

    public const string GetCommandsSetting = Section + ":GetCommands";

    public bool GetCommands { get; set; }
}
