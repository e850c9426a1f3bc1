using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// Mutations of a body as bytes: cut at a random offset, bytes flipped (which can make it invalid UTF-8), YAML's
/// significant characters inserted, lines deleted or repeated, tabs, CRLF, a BOM, a second document, an alias bomb.
/// </summary>
public static class TextMutations
{
    private static readonly string[] YamlSignificant = [":", "-", "{", "}", "[", "]", ",", "'", "\"", "&", "*", "!", "|", ">", "#", "%", "@", "`", " ", "\t", "\n", "\0", "\\", "? "];

    /// <summary>Zero mutations more often than not, so most bodies still reach the checks behind the parser.</summary>
    public static Gen<byte[]> Some(string text) =>
        Gen.Frequency((6, Gen.Constant(0)), (3, Gen.Constant(1)), (1, Gen.Choose(2, 4)))
            .SelectMany(count => Repeat(Encoding.UTF8.GetBytes(text), count));

    private static Gen<byte[]> Repeat(byte[] body, int count) =>
        count == 0 ? Gen.Constant(body) : One(body).SelectMany(next => Repeat(next, count - 1));

    public static Gen<byte[]> One(byte[] body)
    {
        var length = Math.Max(body.Length, 1);
        return Gen.Frequency(
            (3, Gen.Choose(0, body.Length).Select(offset => body[..offset])),
            (3, from offset in Gen.Choose(0, length - 1) from bits in Gen.Choose(1, 255) select Flip(body, offset, (byte)bits)),
            (3, from offset in Gen.Choose(0, body.Length) from inserted in Gen.Elements(YamlSignificant) select Insert(body, offset, inserted)),
            (2, Gen.Choose(0, 1_000).Select(line => Lines(body, (lines, i) => lines.RemoveAt(i % lines.Count), line))),
            (2, Gen.Choose(0, 1_000).Select(line => Lines(body, (lines, i) => lines.Insert(i % lines.Count, lines[i % lines.Count]), line))),
            (1, Gen.Constant(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("  ", "\t", StringComparison.Ordinal)))),
            (1, Gen.Constant(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).ReplaceLineEndings("\r\n")))),
            (1, Gen.Constant<byte[]>([0xEF, 0xBB, 0xBF, .. body])),
            (1, Gen.Elements("\n---\nsecond: document\n", "\n...\n", "\n--- !!str\n", "%YAML 1.1\n---\n").Select(extra => Insert(body, extra.StartsWith('%') ? 0 : body.Length, extra))),
            (1, Gen.Choose(3, 12).Select(levels => (byte[])[.. Encoding.UTF8.GetBytes(AliasBomb(levels)), .. body])));
    }

    /// <summary>"Billion laughs": each level a list of ten aliases of the one before, ten to the power of the levels once expanded.</summary>
    public static string AliasBomb(int levels)
    {
        var text = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level < levels; level++)
        {
            text.Append($"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n");
        }

        return text.ToString();
    }

    private static byte[] Flip(byte[] body, int offset, byte bits)
    {
        if (body.Length == 0)
        {
            return [bits];
        }

        var copy = (byte[])body.Clone();
        copy[offset] ^= bits;
        return copy;
    }

    private static byte[] Insert(byte[] body, int offset, string inserted) => [.. body[..offset], .. Encoding.UTF8.GetBytes(inserted), .. body[offset..]];

    private static byte[] Lines(byte[] body, Action<List<string>, int> edit, int line)
    {
        var lines = Encoding.UTF8.GetString(body).Split('\n').ToList();
        edit(lines, line);
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }
}
