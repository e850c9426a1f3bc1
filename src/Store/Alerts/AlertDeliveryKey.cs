namespace Smo.Store.Alerts;

/// <summary>
/// One occurrence of one alert for one service: Alertmanager's fingerprint identifies the alert's label set and
/// <c>startsAt</c> the firing, so a repeat notification has the same key and an alert that fires again later does not.
/// </summary>
public sealed record AlertDeliveryKey(string Graph, string Service, string Fingerprint, DateTimeOffset StartsAt)
{
    public const int MaxFingerprintLength = 200;

    /// <summary>Throws <see cref="ArgumentException"/> naming the part that cannot be recorded; a webhook checks every alert before it records any.</summary>
    public void Validate(string parameter)
    {
        Require.Label(Graph, "The alert's graph", parameter);
        Require.Label(Service, $"Alert of graph '{Graph}': the service name", parameter);
        if (OccurrenceProblem(Fingerprint, StartsAt) is { } problem)
        {
            throw new ArgumentException($"Alert for service '{Service}' of graph '{Graph}': {problem}.", parameter);
        }
    }

    /// <summary>
    /// Why an occurrence with this fingerprint (none: the receiver names it otherwise) and start could not be recorded,
    /// whatever graph and service it names; null when it can. Alertmanager writes both itself (16 hex digits, the time
    /// the alert began), so a problem here means the document is not Alertmanager's.
    /// </summary>
    public static string? OccurrenceProblem(string? fingerprint, DateTimeOffset startsAt)
    {
        if (fingerprint is not null && string.IsNullOrWhiteSpace(fingerprint))
        {
            return "the fingerprint is required and must not be blank";
        }

        if (fingerprint?.Length > MaxFingerprintLength)
        {
            return $"the fingerprint has {fingerprint.Length} characters; at most {MaxFingerprintLength} are allowed";
        }

        if (fingerprint?.Contains('\0', StringComparison.Ordinal) == true)
        {
            // PostgreSQL's text cannot hold it.
            return "the fingerprint contains a NUL character (U+0000)";
        }

        return startsAt == default ? "startsAt is required" : null;
    }
}
