using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Smo.Cli;

/// <summary>
/// <c>smo init</c> and <c>smo config show|set</c>: the config file that spares every command its <c>--url</c> and
/// <c>--key</c>, as smo-cli's <c>~/.smo/config.yaml</c> did. None of them talks to a host.
/// </summary>
internal static class ConfigCommands
{
    public static Command Init(CliGlobals globals)
    {
        var force = new Option<bool>("--force") { Description = "Replace a config file that exists" };
        var command = new Command("init", "Write the config file (url, key): --url and --key, else asked for on a terminal, else the defaults") { force };
        command.SetAction(globals.Guarded(async (result, _) =>
        {
            var io = globals.Io;
            var path = CliConfigFile.Locate(result.GetValue(globals.Config), io.Variables);
            var replace = result.GetValue(force);
            if (!replace)
            {
                CliConfigFile.RefuseExisting(path);
            }

            // The defaults are the built-in ones, not $SMO_URL or $SMO_FUNCTIONS_KEY: those still win at run time, and a key
            // in the environment is not written to a file unasked.
            var url = result.GetValue(globals.Url) ?? await AskAsync(io, $"Smo host URL [{SmoCli.DefaultUrl}]: ", secret: false) ?? SmoCli.DefaultUrl;
            var key = result.GetValue(globals.Key) ?? await AskAsync(io, "Function key (empty: none): ", secret: true);
            var file = CliConfigFile.Create(path);
            Set(file, CliSetting.Url, url, "smo init");
            if (key is not null)
            {
                Set(file, CliSetting.Key, key, "smo init");
            }

            file.Save(replace);
            await io.Output.WriteLineAsync($"Wrote {path}: url {url}, key {CliSetting.Key.Shown(key)}.");
            return 0;
        }));
        return command;
    }

    public static Command Build(CliGlobals globals) => new("config", "The CLI's settings and where each comes from") { Show(globals), SetCommand(globals) };

    private static Command Show(CliGlobals globals)
    {
        var command = new Command("show", "The effective settings, each with where it comes from: flag, environment, config file or default (keys masked)");
        command.SetAction(globals.Guarded(async (result, _) =>
        {
            var settings = globals.Settings(result);
            var io = globals.Io;
            if (result.GetValue(globals.Json))
            {
                var shown = settings.All.ToDictionary(s => s.Setting.Name, s => new { value = s.Shown, from = s.Source.ToString().ToLowerInvariant(), origin = s.Origin });
                await io.Output.WriteLineAsync(JsonSerializer.Serialize(new { file = settings.File.Path, exists = settings.File.Exists, settings = shown }));
                return 0;
            }

            var console = CliSession.ConsoleFor(io);
            var table = Views.Table("Setting", "Value", "From");
            foreach (var setting in settings.All)
            {
                Views.Row(table, setting.Setting.Name, setting.Shown, setting.Origin);
            }

            console.Write(table);
            await io.Output.WriteLineAsync($"Config file: {settings.File.Path}{(settings.File.Exists ? "" : " (none; smo init writes it)")}");
            if (settings.File.Ignored.Count > 0)
            {
                await io.Output.WriteLineAsync($"Kept but not used (smo-cli's settings, which Smo's host holds now): {string.Join(", ", settings.File.Ignored)}");
            }

            if (settings[CliSetting.Key].Source == SettingSource.File && settings.File.ReadableByOthers())
            {
                await io.Error.WriteLineAsync($"warning: {settings.File.Path} holds a key and others may read it: chmod 600 {settings.File.Path}");
            }

            return 0;
        }));
        return command;
    }

    private static Command SetCommand(CliGlobals globals)
    {
        var name = new Argument<string>("name") { Description = $"The setting: {CliSetting.Names}" };
        var value = new Argument<string>("value") { Description = "Its value (a url is http(s)://host[:port])" };
        var command = new Command("set", "Change one setting in the config file (written with mode 0600), keeping the others") { name, value };
        command.SetAction(globals.Guarded(async (result, _) =>
        {
            var setting = CliSetting.Named(result.GetValue(name)!)
                ?? throw new CliUsageException($"{CliSetting.Unknown(result.GetValue(name)!)}.");
            var file = CliConfigFile.Load(CliConfigFile.Locate(result.GetValue(globals.Config), globals.Io.Variables));
            var given = result.GetValue(value)!;
            Set(file, setting, given, "smo config set");
            file.Save(replace: true);
            await globals.Io.Output.WriteLineAsync($"Set {setting.Name} = {setting.Shown(given)} in {file.Path}.");
            return 0;
        }));
        return command;
    }

    private static void Set(CliConfigFile file, CliSetting setting, string value, string origin)
    {
        if (setting.Problem(value) is { } problem)
        {
            throw new CliUsageException($"{origin}: {setting.Name} is {problem}.");
        }

        file.Set(setting, value);
    }

    /// <summary>The answer to a question on a terminal (null when empty); null without asking when there is none.</summary>
    private static async Task<string?> AskAsync(CliIo io, string question, bool secret)
    {
        if (!io.Interactive)
        {
            return null;
        }

        await io.Output.WriteAsync(question);
        var answer = secret && ReferenceEquals(io.Input, Console.In) && !Console.IsInputRedirected ? ReadHidden() : await io.Input.ReadLineAsync();
        return string.IsNullOrWhiteSpace(answer) ? null : answer.Trim();
    }

    /// <summary>A line typed on the terminal without echoing it: a key must not stay on the screen or in a recording.</summary>
    private static string ReadHidden()
    {
        var typed = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar) && typed.Length < CliSetting.MaxLength)
            {
                typed.Append(key.KeyChar);
            }
        }

        Console.WriteLine();
        return typed.ToString();
    }
}
