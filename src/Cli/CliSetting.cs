namespace Smo.Cli;

/// <summary>
/// A setting every command reads, and the places it can come from, strongest first: its flag, its environment
/// variable, the config file (under <see cref="Name"/>), its default.
/// </summary>
/// <param name="Secret">Shown masked, never in full.</param>
/// <param name="Problem">What is wrong with a value, or null when it is valid.</param>
public sealed record CliSetting(string Name, string Flag, string Variable, string? Default, bool Secret, Func<string, string?> Problem)
{
    /// <summary>Longer than any function key or URL a user types; keeps a pasted file out of a header.</summary>
    public const int MaxLength = 2048;

    public static CliSetting Url { get; } = new("url", "--url", SmoCli.UrlVariable, SmoCli.DefaultUrl, Secret: false, UrlProblem);

    public static CliSetting Key { get; } = new("key", "--key", SmoCli.KeyVariable, null, Secret: true, KeyProblem);

    public static IReadOnlyList<CliSetting> All { get; } = [Url, Key];

    public static string Names => string.Join(", ", All.Select(s => s.Name));

    public static CliSetting? Named(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>"unknown setting 'x' (known: url, key)", the name cut short: it may be anything a file or a user gave.</summary>
    public static string Unknown(string name) => $"unknown setting '{(name.Length <= 40 ? name : name[..40] + "…")}' (known: {Names})";

    /// <summary>What a setting's value looks like in output: a secret as its last four characters at most.</summary>
    public string Shown(string? value) => value is null ? "(none)" : Secret ? Mask(value) : value;

    /// <summary>Short keys are masked whole: four characters of a twelve-character key are too much of it.</summary>
    public static string Mask(string secret) => secret.Length >= 12 ? "****" + secret[^4..] : "****";

    private static string? UrlProblem(string value) =>
        value.Length > MaxLength ? $"longer than {MaxLength} characters"
        : Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.UserInfo.Length == 0 && url.Query.Length == 0
            ? null
            : "not an http(s) address without user, password or query (e.g. http://127.0.0.1:7071)";

    // The key travels in a header: visible ASCII only, so it can neither break the request nor smuggle a header.
    private static string? KeyProblem(string value) =>
        value.Length is 0 or > MaxLength ? $"empty or longer than {MaxLength} characters"
        : value.All(c => c is > ' ' and < '\u007f') ? null
        : "not a key: only visible ASCII characters, no spaces";
}
