namespace Smo.Cli;

/// <summary>Where a setting's effective value came from, strongest first.</summary>
public enum SettingSource
{
    Flag,
    Environment,
    File,
    Default,
}

/// <summary>A setting's effective value (null: none), where it came from, and that place in words ("$SMO_URL", "~/.smo/config.yaml, line 2").</summary>
public sealed record ResolvedSetting(CliSetting Setting, string? Value, SettingSource Source, string Origin)
{
    public string Shown => Setting.Shown(Value);
}

/// <summary>
/// The settings one command runs with: for each, its flag, else its environment variable, else the config file,
/// else its default. Every value is checked wherever it came from, and a mistake names that place.
/// </summary>
public sealed class CliSettings
{
    private CliSettings(CliConfigFile file, IReadOnlyList<ResolvedSetting> settings)
    {
        File = file;
        All = settings;
    }

    public CliConfigFile File { get; }

    public IReadOnlyList<ResolvedSetting> All { get; }

    public ResolvedSetting this[CliSetting setting] => All.Single(s => s.Setting == setting);

    /// <summary>The host's address as an HttpClient's base (with the trailing slash relative paths need).</summary>
    public Uri BaseUrl => new(this[CliSetting.Url].Value is { } url && url.EndsWith('/') ? url : this[CliSetting.Url].Value + "/");

    /// <param name="flags">The value each setting's flag was given, by setting (absent: not given).</param>
    /// <param name="configPath">--config, when given.</param>
    /// <exception cref="CliUsageException">A value is invalid, or the config file is.</exception>
    public static CliSettings Resolve(IReadOnlyDictionary<CliSetting, string?> flags, string? configPath, CliEnvironment environment)
    {
        var file = CliConfigFile.Load(CliConfigFile.Locate(configPath, environment));
        var settings = CliSetting.All.Select(setting => Checked(Resolve(setting, flags.GetValueOrDefault(setting), file, environment))).ToList();
        return new CliSettings(file, settings);
    }

    private static ResolvedSetting Resolve(CliSetting setting, string? flag, CliConfigFile file, CliEnvironment environment)
    {
        if (flag is not null)
        {
            return new(setting, flag, SettingSource.Flag, setting.Flag);
        }

        if (environment.Variable(setting.Variable) is { } variable)
        {
            return new(setting, variable, SettingSource.Environment, "$" + setting.Variable);
        }

        return file.Entry(setting) is { } entry
            ? new(setting, entry.Value, SettingSource.File, $"{file.Path}, line {entry.Line}")
            : new(setting, setting.Default, SettingSource.Default, "default");
    }

    // The file's values were checked as it was read; flags and variables are checked here, naming where they came from.
    private static ResolvedSetting Checked(ResolvedSetting resolved) =>
        resolved is { Value: { } value, Source: SettingSource.Flag or SettingSource.Environment } && resolved.Setting.Problem(value) is { } problem
            ? throw new CliUsageException($"{resolved.Origin}: {resolved.Setting.Name} is {problem}.")
            : resolved;
}
