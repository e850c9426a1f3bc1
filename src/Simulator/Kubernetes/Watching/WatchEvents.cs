using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes.Watching;

/// <summary>
/// Writes watch events as the apiserver streams them, one JSON object per line:
/// <c>{"type":"ADDED","object":{...}}</c>. Called under the federation lock: the objects are the store's own.
/// </summary>
public sealed class WatchEvents
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public bool IsEmpty => _buffer.WrittenCount == 0;

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public void Clear() => _buffer.ResetWrittenCount();

    public void Add(string type, JsonNode item)
    {
        using (var writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = WireJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            item.WriteTo(writer, WireJson.Options);
            writer.WriteEndObject();
        }
        _buffer.Write("\n"u8);
    }

    public void Add(ChangeKind type, JsonNode item) => Add(type switch
    {
        ChangeKind.Added => "ADDED",
        ChangeKind.Modified => "MODIFIED",
        _ => "DELETED",
    }, item);

    public void Error(ApiResponse status) => Add("ERROR", status.Body);

    /// <summary>A BOOKMARK: only the kind and the resourceVersion up to which the client has seen every change.</summary>
    public void Bookmark(ResourceDefinition type, long resourceVersion) => Add("BOOKMARK", new JsonObject
    {
        ["kind"] = type.Kind,
        ["apiVersion"] = type.ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    });
}
