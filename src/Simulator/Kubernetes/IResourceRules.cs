using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes;

/// <summary>The decoding, defaulting and validation the apiserver runs on a type before it stores an object.</summary>
public interface IResourceRules
{
    /// <summary>Why the body cannot even be decoded into the type (answered 400), or null.</summary>
    string? DecodeError(JsonObject item);

    void ApplyDefaults(JsonObject item);

    IReadOnlyList<FieldError> Validate(JsonObject item);
}
