using System.Text.Json;

namespace Smo.Adapters.Oci;

/// <summary>Reads the distribution spec's error body <c>{"errors":[{"code","message"}]}</c>.</summary>
internal static class RegistryErrors
{
    public static string? Message(string body)
    {
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var messages = errors.EnumerateArray()
            .Select(e => $"{(e.TryGetProperty("code", out var c) ? c.GetString() : "ERROR")}: {(e.TryGetProperty("message", out var m) ? m.GetString() : "")}")
            .ToList();
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }
}
