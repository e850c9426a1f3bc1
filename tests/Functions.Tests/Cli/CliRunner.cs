using Smo.Cli;

namespace Smo.Functions.Tests.Cli;

/// <summary>What one <c>smo</c> run printed and returned.</summary>
public sealed record CliRun(int Code, string Out, string Err);

/// <summary>
/// Runs <c>smo</c> in the test's process with an environment of the test's own: a home in a temporary directory
/// and only the variables a test sets, so the developer's <c>~/.smo</c> and <c>$SMO_URL</c> never reach a test.
/// </summary>
public sealed class CliRunner(string home)
{
    /// <summary>A runner with no variables and a home that holds no config file: every setting takes its flag or default.</summary>
    public static CliRunner WithoutSettings() => new(Path.Combine(Path.GetTempPath(), "smo-cli-tests-no-home"));

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public CliEnvironment Environment => new(name => Variables.GetValueOrDefault(name), home);

    /// <param name="http">A client of a host, or null to let the CLI make its own from its settings.</param>
    /// <param name="input">What a user types, when <paramref name="interactive"/>.</param>
    public async Task<CliRun> RunAsync(HttpClient? http, string[] args, bool interactive = false, string input = "", CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SmoCli.RunAsync(args, new CliIo(output, error, new StringReader(input), Interactive: interactive, Environment: Environment), http, cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public Task<CliRun> RunAsync(params string[] args) => RunAsync(null, args);
}
