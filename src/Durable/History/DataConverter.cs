using System.Text.Json;

namespace Smo.Durable;

/// <summary>Serializes inputs, outputs, events and custom status; JSON with web defaults, like Durable Functions.</summary>
public sealed class DataConverter
{
    public static DataConverter Default { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private readonly JsonSerializerOptions _options;

    public DataConverter(JsonSerializerOptions options) => _options = options;

    public string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), _options);

    public object? Deserialize(string? data, Type type) =>
        data is null ? null : JsonSerializer.Deserialize(data, type, _options);

    public T? Deserialize<T>(string? data) => data is null ? default : JsonSerializer.Deserialize<T>(data, _options);
}
