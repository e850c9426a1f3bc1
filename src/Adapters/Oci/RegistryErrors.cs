using System.Text.Json;
using System.Text.RegularExpressions;

namespace Smo.Adapters.Oci;

/// <summary>
/// Reads the distribution spec's error body <c>{"errors":[{"code","message"}]}</c> down to its codes: a registry's
/// own words (and whatever else its body holds) are never repeated to the caller, the codes come from the spec's
/// short fixed list (<c>MANIFEST_UNKNOWN</c>, <c>DENIED</c>, …).
/// </summary>
internal static partial class RegistryErrors
{
    // Enough for any real error body; a larger one is not read further.
    private const int MaxBodyBytes = 16 << 10;

    private const int MaxCodes = 4;

    public static async Task<AdapterException> RefusalAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var codes = Codes(await Resilience.HttpFailure.ReadPrefixAsync(response, MaxBodyBytes, cancellationToken));
        return new AdapterException(ExternalSystem.OciRegistry, operation, Resilience.HttpFailure.FailureOf(response.StatusCode),
            Resilience.HttpFailure.Reason(response.StatusCode, codes));
    }

    /// <summary>The spec error codes in <paramref name="body"/>, comma-separated; null when it has none.</summary>
    public static string? Codes(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (!document.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var codes = errors.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null)
                .Where(c => c is not null && CodePattern().IsMatch(c))
                .Distinct()
                .Take(MaxCodes)
                .ToList();
            return codes.Count == 0 ? null : string.Join(", ", codes);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[A-Z][A-Z_]{0,39}$")]
    private static partial Regex CodePattern();
}
