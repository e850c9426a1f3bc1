using System.Text.Json;

namespace Smo.Store.Json;

/// <summary>Defaults for JSON-valued fields, so records never carry an undefined <see cref="JsonElement"/>.</summary>
public static class EmptyJson
{
    public static JsonElement Object { get; } = StoreJson.Parse("{}");
}
