using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes;

/// <summary>What the Kubernetes API answers: an HTTP status and a JSON body (an object, a list or a Status).</summary>
public sealed record ApiResponse(int StatusCode, JsonNode Body)
{
    public static ApiResponse Ok(JsonNode body) => new(StatusCodes.Status200OK, body);

    public static ApiResponse Created(JsonNode body) => new(StatusCodes.Status201Created, body);
}
