using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Smo.Hdag.Parsing;
using Smo.Hdag.Translation;
using static Smo.Hdag.Tests.Descriptors;

namespace Smo.Hdag.Tests;

/// <summary>
/// The parser is total: whatever the text, it returns a result (never throws), and the graph is present exactly
/// when no error is, with every error positioned inside the text.
/// </summary>
public sealed class ParserProperties
{
    private static readonly char[] YamlSignificant = [':', '-', '{', '}', '[', ']', ',', '\'', '"', '&', '*', '!', '|', '>', '#', '%', '@', ' ', '\t', '\n', 'x', '1'];

    /// <summary>The test descriptor with one edit: a character removed, inserted or replaced at a random place.</summary>
    public static Arbitrary<string> MutatedDescriptors() => (
            from position in Gen.Choose(0, RetailAnalytics.Length - 1)
            from edit in Gen.Elements("remove", "insert", "replace")
            from character in Gen.Elements(YamlSignificant)
            select edit switch
            {
                "remove" => RetailAnalytics.Remove(position, 1),
                "insert" => RetailAnalytics.Insert(position, character.ToString()),
                _ => RetailAnalytics.Remove(position, 1).Insert(position, character.ToString()),
            })
        .ToArbitrary();

    [Property(MaxTest = 300)]
    public bool Parse_is_total_on_arbitrary_text(string text) => IsConsistent(text ?? "");

    [Property(Arbitrary = [typeof(ParserProperties)], MaxTest = 500)]
    public bool Parse_is_total_on_nearly_valid_descriptors(string text) => IsConsistent(text);

    [Property(MaxTest = 100)]
    public bool Millicores_translate_to_cores(PositiveInt millicores)
    {
        var graph = Parser.Parse(OneService($$"""
                  deployment:
                    trigger: { auto: {} }
                    intent: { compute: { cpu: {{millicores.Get}}m } }
                  artifact: { ociImage: oci://r/web }
            """)).Graph!;

        return Math.Abs(new IntentTranslator().Translate(graph.Services[0]).CpuCores - millicores.Get / 1000.0) < 1e-9;
    }

    private static bool IsConsistent(string text)
    {
        var result = Parser.Parse(text);
        // Every line-break convention counts (YAML also breaks lines at a lone \r); this bound is deliberately generous.
        var lines = text.ReplaceLineEndings("\n").Split('\n').Length;
        return (result.Graph is null) == (result.Errors.Count > 0)
            && result.Errors.Concat(result.Warnings).All(d => d.Location is not { } at || (at.Line >= 1 && at.Line <= lines + 1 && at.Column >= 1));
    }
}
