using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Smo.Functions.Secrets;

/// <summary>
/// Values that carry secrets — a key whose name says password, secret, token, credential or key (a word of it:
/// <c>dbPassword</c>, <c>api_key</c>, <c>accessToken</c>; not <c>keyboard</c>), or a name listed in
/// <c>Smo:Secrets:ValueKeys</c> — are shown as <see cref="Mask"/> in what the API returns. They are kept as given in
/// the store and still reach Helm: only their display is redacted.
/// </summary>
public sealed partial class SecretValues(IConfiguration configuration)
{
    public const string Mask = "***";
    public const string ListedKeysSetting = "Smo:Secrets:ValueKeys";

    private static readonly HashSet<string> SecretWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "pwd", "passphrase", "secret", "secrets", "token", "tokens", "credential", "credentials", "key", "keys",
        "apikey", "privatekey", "accesskey", "secretkey", "authorization",
    };

    private readonly HashSet<string> _listed = new(
        configuration.GetSection(ListedKeysSetting).Get<string[]>() ?? [], StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a value under <paramref name="key"/> is secret.</summary>
    public bool IsSecret(string key) => _listed.Contains(key) || Words(key).Any(SecretWords.Contains);

    /// <summary><paramref name="value"/> with every secret member's value, at any depth, replaced by <see cref="Mask"/>.</summary>
    public JsonElement Redact(JsonElement value)
    {
        if (value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return value;
        }

        var node = JsonNode.Parse(value.GetRawText())!;
        RedactNode(node);
        return JsonSerializer.SerializeToElement(node);
    }

    private void RedactNode(JsonNode node)
    {
        switch (node)
        {
            case JsonObject members:
                foreach (var (key, child) in members.ToList())
                {
                    if (IsSecret(key))
                    {
                        members[key] = Mask;
                    }
                    else if (child is not null)
                    {
                        RedactNode(child);
                    }
                }

                break;
            case JsonArray items:
                foreach (var item in items.OfType<JsonNode>())
                {
                    RedactNode(item);
                }

                break;
        }
    }

    /// <summary>
    /// <paramref name="text"/> (what another system answered, e.g. Helm's error) with every secret string of
    /// <paramref name="values"/> masked, in any encoding it may have been written in.
    /// </summary>
    public string MaskIn(string text, JsonElement values)
    {
        foreach (var secret in SecretStrings(values, underSecret: false))
        {
            text = SecretMask.Apply(text, secret);
        }

        return text;
    }

    private IEnumerable<string> SecretStrings(JsonElement value, bool underSecret) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().SelectMany(member => SecretStrings(member.Value, underSecret || IsSecret(member.Name))),
        JsonValueKind.Array => value.EnumerateArray().SelectMany(item => SecretStrings(item, underSecret)),
        JsonValueKind.String when underSecret && value.GetString() is { Length: > 0 } text => [text],
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False when underSecret => [value.GetRawText()],
        _ => [],
    };

    /// <summary>The words of a key: split at <c>_</c>, <c>-</c>, <c>.</c> and lower-to-upper case changes.</summary>
    private static IEnumerable<string> Words(string key) =>
        WordBoundary().Split(key).Where(w => w.Length > 0).Append(key.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal));

    [GeneratedRegex(@"[_\-.\s]+|(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex WordBoundary();
}
