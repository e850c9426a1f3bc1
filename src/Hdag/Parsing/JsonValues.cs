using System.Text.Json;

namespace Smo.Hdag.Parsing;

/// <summary>
/// Turns source nodes into JSON values (chart values, the stored descriptor). Aliases become copies; numbers keep
/// their type; .inf and .nan, which JSON cannot carry, become the strings they were written as.
/// </summary>
internal static class JsonValues
{
    public static JsonElement ToElement(SourceNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    public static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();

    private static void Write(Utf8JsonWriter writer, SourceNode node)
    {
        switch (node)
        {
            case MappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Entries)
                {
                    writer.WritePropertyName(key.Text);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case SequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case ScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, ScalarNode scalar)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.Null:
                writer.WriteNullValue();
                break;
            case ScalarKind.Boolean:
                writer.WriteBooleanValue(ScalarResolution.IsTrue(scalar.Text));
                break;
            case ScalarKind.Integer when ScalarResolution.TryToLong(scalar.Text, out var integer):
                writer.WriteNumberValue(integer);
                break;
            case ScalarKind.Integer or ScalarKind.Float when double.IsFinite(ScalarResolution.ToDouble(scalar.Text)):
                writer.WriteNumberValue(ScalarResolution.ToDouble(scalar.Text));
                break;
            default:
                writer.WriteStringValue(scalar.Text);
                break;
        }
    }
}
