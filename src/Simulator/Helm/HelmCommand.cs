namespace Smo.Simulator.Helm;

/// <summary>An <c>helm upgrade [--install]</c> or <c>helm install</c> as the stand-in forwards it.</summary>
/// <param name="InstallOnly">helm install: an existing release is an error instead of an upgrade.</param>
public sealed record UpgradeCommand(
    string Release,
    string Namespace,
    string Chart,
    bool Install,
    bool InstallOnly,
    bool CreateNamespace,
    bool Wait,
    bool ReuseValues,
    TimeSpan Timeout,
    string Values,
    string Description = "");

/// <summary>What helm would print: stdout on success, the stderr message (without "Error: ") on failure.</summary>
public sealed record HelmOutcome(int StatusCode, string Text)
{
    public static HelmOutcome Success(string stdout) => new(StatusCodes.Status200OK, stdout);

    public static HelmOutcome Failure(int statusCode, string message) => new(statusCode, message);
}
