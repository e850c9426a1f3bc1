namespace Smo.Cli;

/// <summary>
/// What the CLI reads from its process: environment variables and the home directory. Tests give their own, so
/// that neither the developer's <c>~/.smo</c> nor their <c>$SMO_URL</c> reaches a test.
/// </summary>
public sealed class CliEnvironment(Func<string, string?> variable, string home)
{
    public static CliEnvironment Process { get; } =
        new(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The home directory, where <c>~/.smo</c> lives unless <c>$SMO_DIR</c> says otherwise.</summary>
    public string Home { get; } = home;

    /// <summary>A variable's value; an empty one counts as unset, as a shell's <c>SMO_URL= smo ...</c> means.</summary>
    public string? Variable(string name) => variable(name) is { Length: > 0 } value ? value : null;
}
