using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Smo.Cli;

/// <summary>
/// Reads a <see cref="CliConfigFile"/>: at most <see cref="MaxBytes"/> of UTF-8, YAML nested at most
/// <see cref="MaxDepth"/> deep, one mapping of known settings with valid values (and smo-cli's own, kept); every
/// mistake named by file and line.
/// </summary>
public static class CliConfigReader
{
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

    /// <exception cref="CliUsageException">The file is too big, unreadable, not YAML, or holds an unknown or invalid setting.</exception>
    public static YamlMappingNode Read(string path)
    {
        var mapping = Parse(path, ReadLimited(path));
        Validate(path, mapping);
        return mapping;
    }

    public static bool IsSmoCliSetting(string name) => SmoCliSettings.Contains(name);

    private static void Validate(string path, YamlMappingNode mapping)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = keyNode is YamlScalarNode { Value: { } text } ? text : null;
            if (name is not null && SmoCliSettings.Contains(name))
            {
                continue;
            }

            var setting = name is null ? null : CliSetting.Named(name);
            if (setting is null)
            {
                throw Mistake(path, keyNode.Start, CliSetting.Unknown(name ?? keyNode.ToString()));
            }

            if (valueNode is not YamlScalarNode scalar)
            {
                throw Mistake(path, valueNode.Start, $"{setting.Name} is not a single value");
            }

            if (!IsNull(scalar) && setting.Problem(scalar.Value!) is { } problem)
            {
                throw Mistake(path, valueNode.Start, $"{setting.Name} is {problem}");
            }
        }
    }

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
    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static CliUsageException Mistake(string path, Mark at, string what) => new($"Config file {path}, line {at.Line}: {what}.");
}
