using System.Text.Encodings.Web;
using System.Text.Json;

namespace Smo.Bench;

/// <summary>Writes results as JSON lines, one per metric, flushed at once so a later failure cannot lose them.</summary>
internal sealed class ResultWriter(TextWriter output)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Machine facts a suite does not have (the database of a suite without one) are left out, not null.
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        // The lines are read by scripts, not embedded in HTML: keep version strings such as "x86_64-pc-linux-gnu" legible.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void Write(BenchResult result)
    {
        output.WriteLine(JsonSerializer.Serialize(result, Json));
        output.Flush();
    }
}
