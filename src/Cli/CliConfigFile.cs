using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Smo.Cli;

/// <summary>A setting's value as the config file holds it, with the line it is on.</summary>
public sealed record ConfigEntry(string Value, int Line);

/// <summary>
/// The CLI's config file (<c>$SMO_DIR/config.yaml</c>, <c>~/.smo/config.yaml</c> by default, as smo-cli's): a YAML
/// mapping of <see cref="CliSetting"/> names to values. Read with a size limit, every mistake named by file and line;
/// written whole to a new file of mode 0600 that then replaces the old one, so a key is never readable by others, not
/// even for a moment, and a crash leaves the old file or the new one.
/// </summary>
public sealed class CliConfigFile
{
    public const string FileName = "config.yaml";
    public const string DirectoryVariable = "SMO_DIR";

    /// <summary>A config file is a few lines; anything bigger is not one.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The settings are one level deep; smo-cli's own (grafana: {host: ...}) two.</summary>
    public const int MaxDepth = 8;

    /// <summary>
    /// smo-cli's own settings (the database, kubeconfig, Grafana, Prometheus, Helm, scaling): Smo's host holds these
    /// now, so a smo-cli config file still works here, its settings kept but not used.
    /// </summary>
    private static readonly HashSet<string> SmoCliSettings = new(StringComparer.Ordinal)
    {
        "db", "db.url", "karmada_kubeconfig", "grafana", "prometheus_host", "helm", "scaling",
    };

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
    public IReadOnlyList<string> Ignored => Names().Where(SmoCliSettings.Contains).ToList();

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

        var mapping = Parse(path, ReadLimited(path));
        var file = new CliConfigFile(path, exists: true, mapping);
        file.Validate();
        return file;
    }

    /// <summary>A new file's contents, holding only what is given.</summary>
    public static CliConfigFile Create(string path) => new(path, exists: false, new YamlMappingNode());

    public ConfigEntry? Entry(CliSetting setting) =>
        _mapping.Children.TryGetValue(new YamlScalarNode(setting.Name), out var node) && node is YamlScalarNode { Value: { } value } scalar && !IsNull(scalar)
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
            throw new CliUsageException($"{Path} exists already; smo init --force replaces it, smo config set KEY VALUE changes one setting.");
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

    private void Validate()
    {
        foreach (var (keyNode, valueNode) in _mapping.Children)
        {
            var name = keyNode is YamlScalarNode { Value: { } text } ? text : null;
            if (name is not null && SmoCliSettings.Contains(name))
            {
                continue;
            }

            var setting = name is null ? null : CliSetting.Named(name);
            if (setting is null)
            {
                throw Mistake(keyNode.Start, CliSetting.Unknown(name ?? keyNode.ToString()));
            }

            if (valueNode is not YamlScalarNode scalar)
            {
                throw Mistake(valueNode.Start, $"{setting.Name} is not a single value");
            }

            if (!IsNull(scalar) && setting.Problem(scalar.Value!) is { } problem)
            {
                throw Mistake(valueNode.Start, $"{setting.Name} is {problem}");
            }
        }
    }

    private IEnumerable<string> Names() => _mapping.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    private static string ReadLimited(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
            var buffer = new byte[MaxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            return length > MaxBytes
                ? throw new CliUsageException($"Config file {path} is larger than {MaxBytes / 1024} KiB; it is not a config file.")
                : new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            throw new CliUsageException($"Config file {path} cannot be read as UTF-8 text: {failure.Message}");
        }
    }

    private static YamlMappingNode Parse(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            CheckDepth(path, text);
            stream.Load(new StringReader(text));
        }
        catch (YamlException malformed)
        {
            throw new CliUsageException($"Config file {path}, line {malformed.Start.Line}, column {malformed.Start.Column}: {FirstLine(malformed)}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this instead of a YamlException for some malformed flow collections.
            throw new CliUsageException($"Config file {path}: not well-formed YAML.");
        }

        return stream.Documents.Count switch
        {
            0 => new YamlMappingNode(),
            1 when stream.Documents[0].RootNode is YamlMappingNode mapping => mapping,
            1 => throw new CliUsageException(
                $"Config file {path}, line {stream.Documents[0].RootNode.Start.Line}: expected settings as 'name: value' lines (known: {CliSetting.Names})."),
            _ => throw new CliUsageException($"Config file {path}, line {stream.Documents[1].RootNode.Start.Line}: a second document; the file holds one."),
        };

        string FirstLine(YamlException malformed) =>
            (malformed.InnerException?.Message ?? malformed.Message).Split('\n')[0];
    }

    /// <summary>
    /// Refuses nesting deeper than <see cref="MaxDepth"/> from the parser's events, which need no recursion: the
    /// representation model recurses per level, and a 64 KiB file of '[' would overflow the stack.
    /// </summary>
    private static void CheckDepth(string path, string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    throw new CliUsageException($"Config file {path}, line {parser.Current.Start.Line}: nested deeper than {MaxDepth} levels.");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    // "name:" with nothing, "~" or "null": the setting is not given (the next place in line decides).
    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private CliUsageException Mistake(Mark at, string what) => new($"Config file {Path}, line {at.Line}: {what}.");
}
