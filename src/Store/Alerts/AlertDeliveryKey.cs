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
        Require.Text(Fingerprint, $"Alert for service '{Service}' of graph '{Graph}': the fingerprint", parameter);
        if (Fingerprint.Length > MaxFingerprintLength)
        {
            throw new ArgumentException($"Alert for service '{Service}' of graph '{Graph}': the fingerprint has {Fingerprint.Length} characters; at most {MaxFingerprintLength} are allowed.", parameter);
        }

        if (Fingerprint.Contains('\0', StringComparison.Ordinal))
        {
            // PostgreSQL's text cannot hold it.
            throw new ArgumentException($"Alert for service '{Service}' of graph '{Graph}': the fingerprint contains a NUL character (U+0000).", parameter);
        }

        if (StartsAt == default)
        {
            throw new ArgumentException($"Alert for service '{Service}' of graph '{Graph}': startsAt is required.", parameter);
        }
    }
}
