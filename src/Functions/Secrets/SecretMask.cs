using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Smo.Functions.Secrets;

/// <summary>
/// Masks a secret in text that came back from another system, in every form that system may have written it: as
/// is; JSON-escaped as Python writes it (<c>ensure_ascii</c> on and off, lower-case <c>\u</c> escapes) and as .NET does
/// (HTML-sensitive characters escaped); as a Python <c>repr</c>; URL- and form-encoded; HTML-encoded; Base64.
/// NFVCL is a Python service whose validation errors quote the input they refused.
/// </summary>
public static class SecretMask
{
    public const string Mask = "***";

    public static string Apply(string text, string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return text;
        }

        // Longest first, so a shorter form inside a longer one does not leave the rest of it behind.
        foreach (var form in Forms(secret).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length))
        {
            text = text.Replace(form, Mask, StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }

    private static IEnumerable<string> Forms(string secret)
    {
        yield return secret;
        yield return PythonJson(secret, asciiOnly: true);
        yield return PythonJson(secret, asciiOnly: false);
        yield return JsonEncodedText.Encode(secret).ToString();
        yield return JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        yield return PythonRepr(secret, '\'');
        yield return PythonRepr(secret, '"');
        yield return Uri.EscapeDataString(secret);
        yield return WebUtility.UrlEncode(secret);
        yield return WebUtility.HtmlEncode(secret);
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)).TrimEnd('=');
    }

    /// <summary>Python's <c>json.dumps</c> of a string, without the quotes.</summary>
    private static string PythonJson(string text, bool asciiOnly)
    {
        var json = new StringBuilder();
        foreach (var c in text)
        {
            json.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' => Unicode(c),
                > '~' when asciiOnly => Unicode(c),
                _ => c.ToString(),
            });
        }

        return json.ToString();
    }

    /// <summary>Python's <c>repr</c> of a string in <paramref name="quote"/>s, without them (printable characters kept).</summary>
    private static string PythonRepr(string text, char quote)
    {
        var repr = new StringBuilder();
        foreach (var c in text)
        {
            repr.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                < ' ' or '\u007f' => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => c.ToString(),
            });
        }

        return repr.ToString();
    }

    private static string Unicode(char c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
}
