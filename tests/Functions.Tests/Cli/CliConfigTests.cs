using System.Runtime.Versioning;
using System.Text.Json;
using Smo.Cli;
using Smo.Functions.Tests.Graphs;
using Smo.Functions.Tests.Infrastructure;

namespace Smo.Functions.Tests.Cli;

/// <summary><c>smo init</c>, <c>smo config show|set</c> and the settings every command runs with, in a temporary $SMO_DIR.</summary>
public sealed class CliConfigTests : IDisposable
{
    private const string Key = "function-key-0123456789";
    private readonly string _home = Directory.CreateTempSubdirectory("smo-cli-home-").FullName;
    private readonly CliRunner _smo;

    public CliConfigTests()
    {
        _smo = new CliRunner(_home);
        _smo.Variables[CliConfigFile.DirectoryVariable] = SmoDirectory;
    }

    private string SmoDirectory => Path.Combine(_home, "smo-dir");

    private string ConfigPath => Path.Combine(SmoDirectory, "config.yaml");

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Init_writes_url_and_key_to_a_file_only_its_owner_reads()
    {
        var init = await _smo.RunAsync("init", "--url", "http://smo.example:7071", "--key", Key);

        Assert.True(init.Code == 0, init.Err);
        var written = File.ReadAllText(ConfigPath);
        Assert.Contains("url: http://smo.example:7071", written, StringComparison.Ordinal);
        Assert.Contains($"key: {Key}", written, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(SmoDirectory));
        Assert.DoesNotContain(Key, init.Out + init.Err, StringComparison.Ordinal);
        Assert.Contains("key ****6789", init.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_refuses_to_replace_a_file_unless_forced()
    {
        await _smo.RunAsync("init", "--url", "http://first:7071");

        var again = await _smo.RunAsync("init", "--url", "http://second:7071");
        var keptAfterRefusal = File.ReadAllText(ConfigPath);
        var forced = await _smo.RunAsync("init", "--url", "http://second:7071", "--force");

        Assert.Equal(2, again.Code);
        Assert.Contains("--force", again.Err, StringComparison.Ordinal);
        Assert.Contains("http://first:7071", keptAfterRefusal, StringComparison.Ordinal);
        Assert.Equal(0, forced.Code);
        Assert.Contains("http://second:7071", File.ReadAllText(ConfigPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_asks_for_what_is_missing_on_a_terminal()
    {
        var init = await _smo.RunAsync(null, ["init"], interactive: true, input: $"http://asked:8080\n{Key}\n");

        Assert.True(init.Code == 0, init.Err);
        Assert.Contains("Smo host URL", init.Out, StringComparison.Ordinal);
        var written = File.ReadAllText(ConfigPath);
        Assert.Contains("url: http://asked:8080", written, StringComparison.Ordinal);
        Assert.Contains($"key: {Key}", written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_without_a_terminal_writes_the_defaults_and_asks_nothing()
    {
        var init = await _smo.RunAsync("init");

        Assert.True(init.Code == 0, init.Err);
        Assert.DoesNotContain("Smo host URL", init.Out, StringComparison.Ordinal);
        var written = File.ReadAllText(ConfigPath);
        Assert.Contains($"url: {SmoCli.DefaultUrl}", written, StringComparison.Ordinal);
        Assert.DoesNotContain("key:", written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_writes_where_config_points()
    {
        var elsewhere = Path.Combine(_home, "elsewhere", "smo.yaml");

        var init = await _smo.RunAsync("init", "--config", elsewhere, "--url", "http://elsewhere:7071");

        Assert.True(init.Code == 0, init.Err);
        Assert.Contains("http://elsewhere:7071", File.ReadAllText(elsewhere), StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }

    [Theory]
    [InlineData(true, true, "http://flag:1", "flag", "--url")]
    [InlineData(false, true, "http://environment:1", "environment", "$SMO_URL")]
    [InlineData(false, false, "http://file:1", "file", "config.yaml, line 2")]
    public async Task Config_show_takes_flag_then_environment_then_file(bool flag, bool environment, string url, string from, string origin)
    {
        await _smo.RunAsync("init", "--url", "http://file:1");
        if (environment)
        {
            _smo.Variables[SmoCli.UrlVariable] = "http://environment:1";
        }

        var shown = await _smo.RunAsync(flag ? ["--json", "config", "show", "--url", "http://flag:1"] : ["--json", "config", "show"]);

        Assert.True(shown.Code == 0, shown.Err);
        var setting = JsonDocument.Parse(shown.Out).RootElement.GetProperty("settings").GetProperty("url");
        Assert.Equal(url, setting.GetProperty("value").GetString());
        Assert.Equal(from, setting.GetProperty("from").GetString());
        Assert.EndsWith(origin, setting.GetProperty("origin").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_show_falls_back_to_the_default_without_a_file()
    {
        var shown = await _smo.RunAsync("config", "show");

        Assert.True(shown.Code == 0, shown.Err);
        var row = shown.Out.Split('\n').Single(line => line.Contains(" url ", StringComparison.Ordinal));
        Assert.Contains($"{SmoCli.DefaultUrl} ", row, StringComparison.Ordinal);
        Assert.Contains("default", row, StringComparison.Ordinal);
        Assert.Contains("(none; smo init writes it)", shown.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_show_masks_the_key_wherever_it_comes_from()
    {
        await _smo.RunAsync("init", "--key", Key);
        _smo.Variables[SmoCli.KeyVariable] = "environment-key-abcdef";

        var fromFlag = await _smo.RunAsync("config", "show", "--key", "flag-key-0123456789xyz");
        var asJson = await _smo.RunAsync("--json", "config", "show");

        Assert.Contains("****9xyz", fromFlag.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("flag-key", fromFlag.Out, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"****cdef\",\"from\":\"environment\"", asJson.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("environment-key", asJson.Out, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Config_set_changes_one_setting_and_keeps_the_others()
    {
        Directory.CreateDirectory(SmoDirectory);
        File.WriteAllText(ConfigPath, "db.url: sqlite:///smo.db\nurl: http://kept:7071\n");

        var set = await _smo.RunAsync("config", "set", "key", Key);

        Assert.True(set.Code == 0, set.Err);
        Assert.DoesNotContain(Key, set.Out, StringComparison.Ordinal);
        var written = File.ReadAllText(ConfigPath);
        Assert.Contains("db.url: sqlite:///smo.db", written, StringComparison.Ordinal);
        Assert.Contains("url: http://kept:7071", written, StringComparison.Ordinal);
        Assert.Contains($"key: {Key}", written, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
    }

    [Theory]
    [InlineData("colour", "red", "unknown setting 'colour' (known: url, key)")]
    [InlineData("url", "ftp://smo.example", "url is not an http(s) address")]
    [InlineData("url", "http://user:secret@smo.example", "url is not an http(s) address without user")]
    [InlineData("key", "two words", "key is not a key")]
    public async Task Config_set_refuses_an_unknown_setting_or_an_invalid_value_with_exit_2(string name, string value, string reason)
    {
        var set = await _smo.RunAsync("config", "set", name, value);

        Assert.Equal(2, set.Code);
        Assert.Contains(reason, set.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }

    [Theory]
    [InlineData("url: http://a:1\nkey: [unclosed\n", "line 3")]
    [InlineData("url: http://a:1\ncolour: red\n", "line 2: unknown setting 'colour'")]
    [InlineData("url: ftp://a\n", "line 1: url is not an http(s) address")]
    [InlineData("url: http://a:1\nurl: http://b:1\n", "line 2")]
    [InlineData("- url\n", "line 1: expected settings as 'name: value' lines")]
    public async Task A_malformed_config_file_stops_a_command_with_its_file_and_line(string text, string where)
    {
        Directory.CreateDirectory(SmoDirectory);
        File.WriteAllText(ConfigPath, text);

        var listed = await _smo.RunAsync("graph", "list");

        Assert.Equal(2, listed.Code);
        Assert.Contains($"Config file {ConfigPath}, {where}", listed.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_file_over_the_size_limit_is_not_read()
    {
        Directory.CreateDirectory(SmoDirectory);
        File.WriteAllText(ConfigPath, "url: http://a:1\n" + new string('#', CliConfigReader.MaxBytes));

        var shown = await _smo.RunAsync("config", "show");

        Assert.Equal(2, shown.Code);
        Assert.Contains($"Config file {ConfigPath} is larger than 64 KiB", shown.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_file_nested_deeper_than_the_limit_is_refused_before_it_is_read()
    {
        Directory.CreateDirectory(SmoDirectory);
        File.WriteAllText(ConfigPath, "url: " + new string('[', 50_000));

        var shown = await _smo.RunAsync("config", "show");

        Assert.Equal(2, shown.Code);
        Assert.Contains($"Config file {ConfigPath}, line 1: nested deeper than {CliConfigReader.MaxDepth} levels", shown.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_named_by_config_is_a_usage_mistake()
    {
        var missing = Path.Combine(_home, "missing.yaml");

        var listed = await _smo.RunAsync("--config", missing, "graph", "list");

        Assert.Equal(2, listed.Code);
        Assert.Contains($"No config file {missing}", listed.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_without_url_reaches_the_host_and_key_of_the_config_file()
    {
        await using var host = await ControlPlaneHost.StartAsync(
            listening: true, settings: new Dictionary<string, string> { ["Smo__Keys__Master"] = FunctionsHostFactory.MasterKey });
        var url = host.Address.ToString();
        var elsewhere = Path.Combine(_home, "elsewhere.yaml");
        await _smo.RunAsync("init", "--url", url, "--key", FunctionsHostFactory.MasterKey);
        await _smo.RunAsync("init", "--config", elsewhere, "--url", url, "--key", FunctionsHostFactory.MasterKey);

        var fromSmoDirectory = await _smo.RunAsync("cluster", "sync");
        var fromConfig = await _smo.RunAsync("--config", elsewhere, "cluster", "list");
        _smo.Variables[SmoCli.KeyVariable] = "a-wrong-key-in-the-environment";
        var environmentOverFile = await _smo.RunAsync("cluster", "list");
        var flagOverEnvironment = await _smo.RunAsync("cluster", "list", "--key", FunctionsHostFactory.MasterKey);

        Assert.True(fromSmoDirectory.Code == 0, fromSmoDirectory.Err);
        Assert.Contains("member1", fromSmoDirectory.Out, StringComparison.Ordinal);
        Assert.True(fromConfig.Code == 0, fromConfig.Err);
        Assert.Contains("member1", fromConfig.Out, StringComparison.Ordinal);
        Assert.Equal(1, environmentOverFile.Code);
        Assert.Contains("401", environmentOverFile.Err, StringComparison.Ordinal);
        Assert.True(flagOverEnvironment.Code == 0, flagOverEnvironment.Err);
    }
}
