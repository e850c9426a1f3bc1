using System.Net;
using System.Text.Json;
using k8s.Autorest;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Karmada;

/// <summary>
/// Runs a KubernetesClient call and reports failures with the API server's Status message
/// (<c>deployments.apps "web" not found</c>) instead of the client's generic text.
/// </summary>
internal static class KubernetesCall
{
    public static async Task<T> RunAsync<T>(ExternalSystem system, string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await ExternalCall.RunAsync(system, operation, call, cancellationToken);
        }
        catch (HttpOperationException exception)
        {
            throw FromStatus(system, operation, exception.Response.StatusCode, exception.Response.Content, exception);
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            throw new AdapterException(system, operation, AdapterFailure.InvalidResponse, $"malformed object in the answer: {exception.Message}", exception);
        }
    }

    public static AdapterException FromStatus(ExternalSystem system, string operation, HttpStatusCode status, string? body, Exception? inner = null) =>
        new(system, operation, HttpFailure.FailureOf(status), HttpFailure.Reason(status, StatusMessage(body)), inner);

    /// <summary>The <c>message</c> of a Kubernetes Status body, or the body itself when it is not one.</summary>
    private static string? StatusMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString();
            }
        }
        catch (JsonException)
        {
        }

        return body.Length <= 300 ? body : body[..300] + "…";
    }
}
