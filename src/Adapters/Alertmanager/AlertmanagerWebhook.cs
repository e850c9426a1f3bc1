namespace Smo.Adapters.Alertmanager;

/// <summary>The body Alertmanager POSTs to a webhook receiver (<c>version: "4"</c>).</summary>
public sealed record AlertmanagerWebhook(
    string Version,
    string GroupKey,
    int TruncatedAlerts,
    string Receiver,
    AlertStatus Status,
    IReadOnlyList<AlertmanagerAlert> Alerts,
    IReadOnlyDictionary<string, string> GroupLabels,
    IReadOnlyDictionary<string, string> CommonLabels,
    IReadOnlyDictionary<string, string> CommonAnnotations,
    string? ExternalUrl);

/// <param name="EndsAt">Null while firing (Alertmanager sends <c>0001-01-01T00:00:00Z</c>).</param>
public sealed record AlertmanagerAlert(
    AlertStatus Status,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string? GeneratorUrl,
    string? Fingerprint)
{
    /// <summary>The <c>alertname</c> label; null only in a document read by <see cref="AlertmanagerWebhookParser.ParseDocument"/>.</summary>
    public string? AlertName => Labels.GetValueOrDefault(AlertmanagerWebhookParser.AlertNameLabel);
}

public enum AlertStatus
{
    Firing,
    Resolved,
}

/// <summary>One reason a webhook body was refused: the JSON path of the field and what is wrong with it.</summary>
public sealed record WebhookFieldError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}

/// <summary>A parsed webhook, or every reason it was refused.</summary>
public sealed record WebhookParseResult(AlertmanagerWebhook? Webhook, IReadOnlyList<WebhookFieldError> Errors)
{
    public bool IsValid => Webhook is not null;
}
