using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Smo.Hdag.Parsing;

/// <summary>
/// Reads YAML (and JSON, a subset of it) into <see cref="SourceNode"/>s from the parser's event stream, without
/// recursion, so hostile input is bounded: nesting by <see cref="HdagParserOptions.MaxDepth"/>, alias expansion
/// ("billion laughs") by <see cref="HdagParserOptions.MaxNodes"/> and <see cref="HdagParserOptions.MaxExpandedBytes"/>
/// counted as if every alias were copied (a few aliases of one long string cost little in nodes, much in bytes).
/// </summary>
internal sealed class SourceTreeReader(HdagParserOptions options, DiagnosticBag diagnostics)
{
    private const string StringTag = "tag:yaml.org,2002:str";

    private readonly Dictionary<string, SourceNode> _anchors = [];
    private readonly Stack<OpenCollection> _open = new();
    private SourceNode? _root;
    private int _documents;
    private long _expandedNodes;
    private long _expandedBytes;

    /// <summary>The single document's root node, or null after reporting why there is none.</summary>
    public SourceNode? Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        var position = new SourceLocation(1, 1);
        try
        {
            while (parser.MoveNext())
            {
                var parsingEvent = parser.Current!;
                position = At(parsingEvent.Start);
                if (!Accept(parsingEvent))
                {
                    return null;
                }
            }
        }
        catch (YamlException exception)
        {
            diagnostics.Error(CurrentPath, At(exception.Start), $"malformed YAML/JSON ({WithoutPosition(exception.Message)})", "well-formed YAML or JSON");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this instead of a YamlException for some malformed flow collections.
            diagnostics.Error(CurrentPath, position, "malformed YAML/JSON after this point", "well-formed YAML or JSON");
            return null;
        }

        if (_root is null)
        {
            diagnostics.Error(SourcePath.Root, new SourceLocation(1, 1), "an empty document", "a descriptor with hdaGraph at its root");
        }

        return _root;
    }

    private string CurrentPath => _open.TryPeek(out var parent) ? parent.ChildPath : SourcePath.Root;

    private bool Accept(ParsingEvent parsingEvent)
    {
        switch (parsingEvent)
        {
            case DocumentStart when ++_documents > 1:
                diagnostics.Error(SourcePath.Root, At(parsingEvent.Start), "a second YAML document", "exactly one descriptor per request");
                return false;
            case Scalar scalar:
                var node = ToNode(scalar);
                return Count(1, node.Bytes, node.Location) && Add(node, scalar.Anchor);
            case AnchorAlias alias:
                return AddAlias(alias);
            case MappingStart start:
                return Open(new OpenCollection(CurrentPath, At(start.Start), start.Anchor, IsMapping: true));
            case SequenceStart start:
                return Open(new OpenCollection(CurrentPath, At(start.Start), start.Anchor, IsMapping: false));
            case MappingEnd or SequenceEnd:
                var collection = _open.Pop();
                return Add(collection.ToNode(), collection.Anchor);
            default:
                return true;
        }
    }

    private bool Open(OpenCollection collection)
    {
        if (_open.Count >= options.MaxDepth)
        {
            diagnostics.Error(collection.Path, collection.Location, $"nesting deeper than {options.MaxDepth} levels", $"at most {options.MaxDepth} nested collections");
            return false;
        }

        _open.Push(collection);
        return Count(1, 0, collection.Location);
    }

    private bool AddAlias(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var node))
        {
            diagnostics.Error(CurrentPath, At(alias.Start), $"alias *{alias.Value.Value}", "an alias to an anchor defined (and closed) before it");
            return false;
        }

        return Count(node.Size, node.Bytes, At(alias.Start)) && Place(node);
    }

    private bool Add(SourceNode node, AnchorName anchor)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }

        // PostgreSQL's text and jsonb cannot hold U+0000 (an escape such as "\u0000" or "\0" makes one) and no
        // descriptor needs it: refused here with its path, rather than by the store as a failed insert.
        if (node is ScalarNode scalar && scalar.Text.Contains('\0', StringComparison.Ordinal))
        {
            diagnostics.Error(CurrentPath, scalar.Location, "a NUL character (U+0000)", "text without NUL characters");
            return false;
        }

        return Place(node);
    }

    private bool Place(SourceNode node)
    {
        if (_open.TryPeek(out var parent))
        {
            return parent.Add(node, diagnostics);
        }

        _root = node;
        return true;
    }

    private bool Count(long nodes, long bytes, SourceLocation location)
    {
        _expandedNodes += nodes;
        _expandedBytes += bytes;
        if (_expandedNodes > options.MaxNodes)
        {
            diagnostics.Error(CurrentPath, location, $"more than {options.MaxNodes} nodes once aliases are expanded", $"at most {options.MaxNodes} nodes (a descriptor, not an alias bomb)");
            return false;
        }

        if (_expandedBytes > options.MaxExpandedBytes)
        {
            diagnostics.Error(CurrentPath, location, $"more than {options.MaxExpandedBytes} bytes of text once aliases are expanded",
                $"at most {options.MaxExpandedBytes} bytes (a descriptor, not an alias bomb)");
            return false;
        }

        return true;
    }

    private static ScalarNode ToNode(Scalar scalar)
    {
        var isPlain = scalar.Style == ScalarStyle.Plain && (scalar.Tag.IsEmpty || scalar.Tag.Value != StringTag);
        var kind = isPlain ? ScalarResolution.Resolve(scalar.Value) : ScalarKind.String;
        return new ScalarNode(scalar.Value, kind, At(scalar.Start), isPlain);
    }

    private static SourceLocation At(Mark mark) => new((int)mark.Line, (int)mark.Column);

    private static string WithoutPosition(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): "; the diagnostic has its own position.
        var separator = message.IndexOf("): ", StringComparison.Ordinal);
        return separator >= 0 ? message[(separator + 3)..] : message;
    }
}
