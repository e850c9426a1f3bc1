using System.Text;
using YamlDotNet.RepresentationModel;

namespace Smo.Cli;

/// <summary>A setting's value as the config file holds it, with the line it is on.</summary>
public sealed record ConfigEntry(string Value, int Line);

/// <summary>
/// The CLI's config file (<c>$SMO_DIR/config.yaml</c>, <c>~/.smo/config.yaml</c> by default, as smo-cli's): a YAML
/// mapping of <see cref="CliSetting"/> names to values, read by <see cref="CliConfigReader"/>; written whole to a new file of mode 0600 that then replaces the old one, so a key is never readable by others, not
/// even for a moment, and a crash leaves the old file or the new one.
/// </summary>
public sealed class CliConfigFile
{
    public const string FileName = "config.yaml";
    public const string DirectoryVariable = "SMO_DIR";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly YamlMappingNode _mapping;

    private CliConfigFile(string path, bool exists, YamlMappingNode mapping)
    {
        Path = path;
        Exists = exists;
        _mapping = mapping;
    }

    public string Path { get; }

    public bool Exists { get; }

    /// <summary>smo-cli's settings found in the file, kept and not used.</summary>
    public IReadOnlyList<string> Ignored => Names().Where(CliConfigReader.IsSmoCliSetting).ToList();

    /// <summary>Where the config file is: <paramref name="explicitPath"/> (--config), else in $SMO_DIR, else in ~/.smo.</summary>
    public static string Locate(string? explicitPath, CliEnvironment environment) =>
        System.IO.Path.GetFullPath(explicitPath
            ?? System.IO.Path.Combine(environment.Variable(DirectoryVariable) ?? System.IO.Path.Combine(environment.Home, ".smo"), FileName));

    /// <summary>The file at <paramref name="path"/>, or an empty one when there is none.</summary>
    /// <exception cref="CliUsageException">The file is too big, unreadable, not YAML, or holds an unknown or invalid setting.</exception>
    public static CliConfigFile Load(string path)
    {
        if (!File.Exists(path))
        {
            return Directory.Exists(path)
                ? throw new CliUsageException($"Config file {path} is a directory.")
                : new CliConfigFile(path, exists: false, new YamlMappingNode());
        }

        return new CliConfigFile(path, exists: true, CliConfigReader.Read(path));
    }

    /// <summary>
    /// Refuses a file that is there already (smo init without --force) before anything is asked for;
    /// <see cref="Save"/> refuses it again, atomically, should one appear meanwhile.
    /// </summary>
    public static void RefuseExisting(string path)
    {
        if (File.Exists(path))
        {
            throw ExistsAlready(path);
        }
    }

    /// <summary>A new file's contents, holding only what is given.</summary>
    public static CliConfigFile Create(string path) => new(path, exists: false, new YamlMappingNode());

    public ConfigEntry? Entry(CliSetting setting) =>
        _mapping.Children.TryGetValue(new YamlScalarNode(setting.Name), out var node) && node is YamlScalarNode { Value: { } value } scalar && !CliConfigReader.IsNull(scalar)
            ? new ConfigEntry(value, (int)node.Start.Line)
            : null;

    public void Set(CliSetting setting, string value) => _mapping.Children[new YamlScalarNode(setting.Name)] = new YamlScalarNode(value);

    /// <summary>Writes the file: a new file of mode 0600 (its directory 0700 when made here) moved over the old one.</summary>
    /// <param name="replace">False: refuse when a file is there already (smo init without --force), atomically.</param>
    public void Save(bool replace)
    {
        try
        {
            Write(replace);
        }
        catch (IOException) when (!replace && File.Exists(Path))
        {
            throw ExistsAlready(Path);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"Config file {Path} cannot be written: {failure.Message}");
        }
    }

    private void Write(bool replace)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }

        var temporary = System.IO.Path.Combine(directory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        try
        {
            using (var writer = new StreamWriter(temporary, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options))
            {
                writer.Write(Text());
            }

            File.Move(temporary, Path, overwrite: replace);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>True when others than the owner may read the file (it may hold a key); never on Windows.</summary>
    public bool ReadableByOthers() =>
        Exists && !OperatingSystem.IsWindows()
        && (File.GetUnixFileMode(Path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;

    private string Text()
    {
        var yaml = new StringWriter();
        new YamlStream(new YamlDocument(_mapping)).Save(yaml, assignAnchors: false);
        // YamlStream ends each document with an explicit "..." marker, which a one-document file does not need.
        var body = yaml.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal);
        return "# smo's settings: smo config show lists them with where each comes from; smo config set KEY VALUE changes one.\n" + body;
    }

    private IEnumerable<string> Names() => _mapping.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    private static CliUsageException ExistsAlready(string path) =>
        new($"{path} exists already; smo init --force replaces it, smo config set KEY VALUE changes one setting.");
}
