using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>A descriptor the mutations start from: its file, its text and its tree.</summary>
public sealed record DescriptorSeed(string File, string Text, JsonNode Tree)
{
    public string? GraphId => Tree["hdaGraph"]?["id"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>
/// The descriptors fuzzing starts from: the repository's own (<c>examples/hdag</c>) and, when the directory is next to
/// the repository (CI has it, a user's clone does not), the real NEPHELE descriptors of <c>../shared/hdag-examples</c>.
/// </summary>
public static class DescriptorSeeds
{
    public static string RepositoryExamples => Path.Combine(AppContext.BaseDirectory, "Fixtures", "hdag");

    /// <summary>The shared examples' directory, or null when this checkout has none.</summary>
    public static string? SharedExamples()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Smo.Functions.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "hdag-examples"));
                return Directory.Exists(shared) ? shared : null;
            }
        }

        return null;
    }

    public static IReadOnlyList<DescriptorSeed> Load(string? sharedDirectory) =>
        [.. new[] { RepositoryExamples, sharedDirectory }.OfType<string>()
            .SelectMany(directory => Directory.GetFiles(directory).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .Select(file => new DescriptorSeed(Path.GetFileName(file), File.ReadAllText(file), ToTree(File.ReadAllText(file))))];

    /// <summary>YAML (JSON is YAML) to a JSON tree: plain scalars that read as numbers, booleans or null become those.</summary>
    public static JsonNode ToTree(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode) ?? new JsonObject();
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Convert)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => null,
    };

    private static JsonNode? Plain(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ => JsonValue.Create(text),
    };
}
