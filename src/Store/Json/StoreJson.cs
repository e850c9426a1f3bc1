using System.Text.Json;
using System.Text.Json.Serialization;

namespace Smo.Store.Json;

/// <summary>
/// The one set of JSON options for every jsonb column: camelCase, enums as their names, unknown members skipped so
/// rows written by a newer build still read. Explicit rather than the serializer's defaults, which may change.
/// </summary>
internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"A stored JSON value is null where a {typeof(T).Name} was expected.");

    /// <summary>A detached copy, so the element outlives the reader's buffer.</summary>
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
