using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Smo.Cli;

/// <summary>Where the CLI reads and writes: the process's console, or a test's writers.</summary>
/// <param name="Interactive">Whether questions can be asked (a terminal on stdin).</param>
/// <param name="Ansi">Whether colours and styles may be written (the output is a terminal).</param>
/// <param name="Environment">The process's variables and home; null: the real ones.</param>
public sealed record CliIo(TextWriter Output, TextWriter Error, TextReader Input, bool Interactive = false, bool Ansi = false, CliEnvironment? Environment = null)
{
    public CliEnvironment Variables => Environment ?? CliEnvironment.Process;
}

/// <summary>A usage mistake the parser cannot see (a descriptor that is neither a file nor a reference, no --yes).</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>
/// <c>smo</c>: the command line of the Smo REST API, with the commands of the original smo-cli — cluster sync and
/// list, graph deploy / list / describe / re-place / stop / start / remove — plus execute-strategy, weights and what-if
/// (<c>--dry-run</c>), init, config and graph watch. It talks to a running host (<c>--url</c>, <c>$SMO_URL</c>, the
/// config file), never to the database.
/// Exit codes: 0 done, 1 the API refused or failed (its reason is printed), 2 a usage mistake.
/// </summary>
public static class SmoCli
{
    public const string UrlVariable = "SMO_URL";
    public const string KeyVariable = "SMO_FUNCTIONS_KEY";
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <param name="http">A client already pointing at a host (tests); otherwise one is made for --url.</param>
    public static async Task<int> RunAsync(string[] args, CliIo io, HttpClient? http = null, CancellationToken cancellationToken = default)
    {
        var globals = new CliGlobals(io, http);
        var root = new RootCommand("Smo: deploy HDAG graphs on a Karmada federation, watch and drive them.")
        {
            globals.Url,
            globals.Key,
            globals.Json,
            globals.Config,
            ConfigCommands.Init(globals),
            ConfigCommands.Build(globals),
            ClusterCommands.Build(globals),
            GraphCommands.Build(globals),
        };
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = io.Output, Error = io.Error }, cancellationToken);
    }
}

/// <summary>The options every command takes, and how a command runs: a session, its API errors as exit code 1.</summary>
public sealed class CliGlobals(CliIo io, HttpClient? http)
{
    public Option<string> Url { get; } = new("--url")
    {
        Description = $"The Smo host [default: ${SmoCli.UrlVariable}, the config file's url, or {SmoCli.DefaultUrl}]",
        Recursive = true,
    };

    public Option<string> Key { get; } = new("--key")
    {
        Description = $"A function key, for hosts that require one [default: ${SmoCli.KeyVariable}, or the config file's key]",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the API's JSON instead of tables", Recursive = true };

    public Option<string> Config { get; } = new("--config")
    {
        Description = $"The config file [default: ${CliConfigFile.DirectoryVariable}/{CliConfigFile.FileName}, or ~/.smo/{CliConfigFile.FileName}]",
        Recursive = true,
    };

    public CliIo Io => io;

    /// <summary>Wraps a command's work: API failures and usage mistakes become a message on stderr and an exit code.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Run(Func<CliSession, ParseResult, CancellationToken, Task<int>> work) =>
        Guarded(async (result, cancellationToken) =>
        {
            var settings = Settings(result);
            if (result.GetValue(Config) is not null && !settings.File.Exists)
            {
                throw new CliUsageException($"No config file {settings.File.Path} (--config); smo init --config {settings.File.Path} writes one.");
            }

            using var owned = http is null ? new HttpClient { BaseAddress = settings.BaseUrl, Timeout = TimeSpan.FromSeconds(100) } : null;
            var session = new CliSession(new SmoApi(http ?? owned!, settings[CliSetting.Key].Value), io, result.GetValue(Json));
            return await work(session, result, cancellationToken);
        });

    /// <summary>Runs work as <see cref="Run"/> does, without a session (init, config need no host): mistakes on stderr, exit 1 or 2.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Guarded(Func<ParseResult, CancellationToken, Task<int>> work) =>
        async (result, cancellationToken) =>
        {
            try
            {
                return await work(result, cancellationToken);
            }
            catch (SmoApiException failure)
            {
                await io.Error.WriteLineAsync($"error: {failure.Message}");
                return 1;
            }
            catch (CliUsageException mistake)
            {
                await io.Error.WriteLineAsync($"error: {mistake.Message}");
                return 2;
            }
        };

    /// <summary>The settings this command runs with: flags, then environment, then the config file, then defaults.</summary>
    public CliSettings Settings(ParseResult result) =>
        CliSettings.Resolve(
            new Dictionary<CliSetting, string?> { [CliSetting.Url] = result.GetValue(Url), [CliSetting.Key] = result.GetValue(Key) },
            result.GetValue(Config), io.Variables);
}

/// <summary>One command's connection and output: the API, a console for tables, and whether to print JSON instead.</summary>
public sealed class CliSession(SmoApi api, CliIo io, bool json)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public SmoApi Api { get; } = api;

    public CliIo Io { get; } = io;

    public bool Json { get; } = json;

    public IAnsiConsole Console { get; } = ConsoleFor(io);

    /// <summary>A console for tables on the CLI's output, plain unless the output is a terminal.</summary>
    public static IAnsiConsole ConsoleFor(CliIo io) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(io.Output),
        Ansi = io.Ansi ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = io.Ansi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });

    /// <summary>The API's answer as indented JSON (for --json).</summary>
    public Task PrintJsonAsync(JsonElement answer) => Io.Output.WriteLineAsync(JsonSerializer.Serialize(answer, Indented));

    /// <summary>True when the user confirms (or gave --yes); a non-interactive run without --yes is a usage mistake.</summary>
    public async Task<bool> ConfirmAsync(string question, bool yes)
    {
        if (yes)
        {
            return true;
        }

        if (!Io.Interactive)
        {
            throw new CliUsageException($"{question} Not asked without a terminal: add --yes to confirm.");
        }

        await Io.Output.WriteAsync($"{question} [y/N] ");
        var answer = (await Io.Input.ReadLineAsync())?.Trim();
        return answer is not null && (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase));
    }
}
