using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes;

/// <summary>
/// The admission webhooks registered for a type (Karmada registers them for its policies). The apiserver calls the
/// mutating one after defaulting and the validating one after schema validation, whose veto it answers with 403.
/// </summary>
public interface IAdmissionRules
{
    /// <summary>The webhook's name, as the apiserver quotes it in a denial.</summary>
    string WebhookName { get; }

    /// <param name="stored">The object being replaced; null on create.</param>
    void Mutate(JsonObject item, JsonObject? stored);

    /// <summary>Why the webhook refuses <paramref name="item"/>, or null.</summary>
    /// <param name="stored">The object being replaced; null on create.</param>
    string? Deny(JsonObject item, JsonObject? stored);
}
