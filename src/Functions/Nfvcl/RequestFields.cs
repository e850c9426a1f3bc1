using System.Globalization;
using System.Text.Json;
using Smo.Functions.Http;

namespace Smo.Functions.Nfvcl;

/// <summary>Reads the original API's snake_case fields, throwing <see cref="InvalidFieldException"/> that names the field.</summary>
internal sealed class RequestFields(JsonElement body, string path = "")
{
    public static async Task<RequestFields> ReadBodyAsync(HttpRequest request)
    {
        var text = await RequestBodies.ReadAtMostAsync(request, RequestBodies.MaxJsonLength)
            ?? throw new BodyTooLargeException();
        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "null" : text);
            body = document.RootElement.Clone();
        }
        catch (JsonException invalid)
        {
            throw new InvalidFieldException($"body (line {invalid.LineNumber + 1}, byte {invalid.BytePositionInLine + 1})", $"The body is not valid JSON: {invalid.Message}");
        }

        return body.ValueKind == JsonValueKind.Object
            ? new RequestFields(body)
            : throw new InvalidFieldException("body", $"The body must be a JSON object, not {body.ValueKind.ToString().ToLowerInvariant()}.");
    }

    /// <summary>An optional integer query parameter such as <c>pop_area</c>; the original compared it as text and matched nothing.</summary>
    public static int? OptionalArea(string? text, string name) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var area) ? area
        : throw new InvalidFieldException(name, $"{name} is '{text}'; it must be a non-negative integer.");

    public int Area(string name) =>
        Required(name, JsonValueKind.Number, "a non-negative integer").TryGetInt32(out var area) && area >= 0
            ? area
            : throw new InvalidFieldException(Where(name), $"{Where(name)} must be a non-negative integer.");

    /// <summary>A required, non-blank string; without U+0000, which PostgreSQL's text cannot hold (checked before NFVCL is asked anything).</summary>
    public string Text(string name)
    {
        var text = Required(name, JsonValueKind.String, "a non-empty string").GetString();
        return string.IsNullOrWhiteSpace(text) ? throw new InvalidFieldException(Where(name), $"{Where(name)} must not be blank.")
            : text.Contains('\0', StringComparison.Ordinal) ? throw new InvalidFieldException(Where(name), $"{Where(name)} must not contain a NUL character (U+0000).")
            : text;
    }

    public bool Flag(string name) => Field(name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw Expected(name, "true or false"),
    };

    public RequestFields Object(string name) => new(Required(name, JsonValueKind.Object, "an object"), Where(name) + ".");

    private JsonElement Required(string name, JsonValueKind kind, string expected) =>
        Field(name) is { } value && value.ValueKind == kind ? value : throw Expected(name, expected);

    private JsonElement? Field(string name) => body.TryGetProperty(name, out var value) ? value : null;

    private InvalidFieldException Expected(string name, string expected) =>
        new(Where(name), Field(name) is { } value
            ? $"{Where(name)} must be {expected}, not {value.ValueKind.ToString().ToLowerInvariant()}."
            : $"{Where(name)} is required ({expected}).");

    private string Where(string name) => path + name;
}
