using System.Text;

namespace Smo.Hdag.Parsing;

/// <summary>
/// Parses HDAG descriptors sent as YAML, as JSON, or as a JSON string holding either (what the original's
/// clients send), and validates them: every problem found is reported with its path, position, what was found
/// and what was expected. Strategy names are kept as written; resolving them is the caller's business.
/// </summary>
public sealed class HdagParser
{
    private readonly HdagParserOptions _options;

    public HdagParser(HdagParserOptions options)
    {
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid HDAG parser options: {string.Join(" ", problems)}", nameof(options));
        }

        _options = options;
    }

    public HdagParser()
        : this(HdagParserOptions.Default)
    {
    }

    /// <summary>The limits and tables this parser applies (the HTTP layer reads the size limit before buffering a body).</summary>
    public HdagParserOptions Options => _options;

    public HdagParseResult Parse(string text)
    {
        var diagnostics = new DiagnosticBag();
        if (TooLarge(text) is { } size)
        {
            diagnostics.Error(SourcePath.Root, null, $"{size} bytes", $"at most {_options.MaxInputBytes} bytes");
            return Result(null, diagnostics);
        }

        var root = new SourceTreeReader(_options, diagnostics).Read(text);
        var doubleEncoded = root is ScalarNode { Kind: ScalarKind.String, IsPlain: false };
        if (doubleEncoded)
        {
            root = new SourceTreeReader(_options, diagnostics).Read(((ScalarNode)root!).Text);
        }

        if (root is null)
        {
            return Result(null, diagnostics) with { WasDoubleEncoded = doubleEncoded };
        }

        var graph = GraphBinder.Bind(new Im030Conversion(_options, diagnostics).Apply(root), _options, diagnostics);
        diagnostics.Annotate(OriginalSmo.OnMissingField);
        return Result(diagnostics.HasErrors ? null : graph, diagnostics) with
        {
            // What was received, an IM 0.3.0 one unconverted: reading it again converts it the same way.
            Descriptor = JsonValues.ToElement(root),
            WasDoubleEncoded = doubleEncoded,
        };
    }

    private int? TooLarge(string text)
    {
        // Cheap bounds first: UTF-8 needs at least one byte and at most three per UTF-16 char.
        if (text.Length > _options.MaxInputBytes)
        {
            return Encoding.UTF8.GetByteCount(text);
        }

        var size = text.Length * 3L <= _options.MaxInputBytes ? 0 : Encoding.UTF8.GetByteCount(text);
        return size > _options.MaxInputBytes ? size : null;
    }

    private static HdagParseResult Result(HdaGraph? graph, DiagnosticBag diagnostics) => new(graph, diagnostics.Errors, diagnostics.Warnings);
}
