
namespace Smo.Functions.Http;

/// <summary>
/// Function keys (<c>Smo:Keys</c>; in local.settings.json <c>Smo__Keys__Master</c>, <c>Smo__Keys__Default</c>,
/// <c>Smo__Keys__Functions__&lt;name&gt;</c>). With no key configured at all, keys are not enforced, as when the
/// Functions host runs locally.
/// </summary>
public sealed class FunctionKeyOptions
{
    public const string Section = "Smo:Keys";

    public string? Master { get; set; }

    public string? Default { get; set; }

    public Dictionary<string, string> Functions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keys that open the graph routes of one project each (<c>Smo:Keys:Projects:&lt;project&gt;</c>); one key may be given to several projects.</summary>
    public Dictionary<string, string> Projects { get; set; } = new(StringComparer.Ordinal);

    public bool Enforced => !string.IsNullOrEmpty(Master) || !string.IsNullOrEmpty(Default)
        || Functions.Values.Any(k => k.Length > 0) || Projects.Values.Any(k => k.Length > 0);
}
