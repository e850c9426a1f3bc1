using System.Text.Encodings.Web;
using System.Text.Json;

namespace Smo.Simulator.Kubernetes;

/// <summary>JSON as Go's encoder writes it for the apiserver: quotes as \" (not \u0022), non-ASCII kept.</summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
