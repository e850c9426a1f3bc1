namespace Smo.Functions.Alerts;

/// <summary>
/// <c>Smo:Alerts</c>: the Alertmanager webhook's own credential, how often a policy may move a service, how many
/// alerts one notification may carry, and the shortest delay before a resolved alert's service is uninstalled.
/// </summary>
public sealed class AlertWebhookOptions
{
    public const string Section = "Smo:Alerts";

    public const string WebhookTokenSetting = Section + ":WebhookToken";

    /// <summary>
    /// The bearer token Alertmanager sends (<c>http_config.authorization: {type: Bearer, credentials: ...}</c>); a
    /// secret, never logged or returned.
    /// </summary>
    public string? WebhookToken { get; init; }

    /// <summary>The shortest time between two policy re-placements of one service, whatever the alerts say.</summary>
    public TimeSpan PolicyCooldown { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Alerts one notification may carry; more is refused whole (413), as an oversized body is. Each alert is looked up
    /// and answered on its own, so this bounds the work and the answer; Alertmanager's <c>max_alerts</c> keeps under it.
    /// </summary>
    public int MaxAlertsPerNotification { get; init; } = 1000;

    /// <summary>
    /// The shortest <c>trigger.event.uninstallAfterResolved</c> a descriptor may ask for (shorter is refused at deploy,
    /// and a graph deployed under a lower floor waits this long): an alert that flaps must not uninstall and reinstall a
    /// service at every turn.
    /// </summary>
    public TimeSpan MinUninstallAfterResolved { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The settings of <see cref="Section"/> (or the defaults); throws naming the setting that is out of range.</summary>
    public static AlertWebhookOptions Read(IConfiguration configuration)
    {
        AlertWebhookOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<AlertWebhookOptions>() ?? new AlertWebhookOptions();
        }
        catch (InvalidOperationException unreadable)
        {
            throw new InvalidOperationException($"The settings under {Section} cannot be read: {unreadable.Message}", unreadable);
        }

        if (options.PolicyCooldown < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}:{nameof(PolicyCooldown)} must be zero (no cooldown) or longer (is {options.PolicyCooldown}).");
        }

        if (options.MaxAlertsPerNotification < 1)
        {
            throw new InvalidOperationException($"{Section}:{nameof(MaxAlertsPerNotification)} must be at least 1 (is {options.MaxAlertsPerNotification}).");
        }

        return options.MinUninstallAfterResolved <= TimeSpan.Zero
            ? throw new InvalidOperationException($"{Section}:{nameof(MinUninstallAfterResolved)} must be longer than zero (is {options.MinUninstallAfterResolved}).")
            : options;
    }
}
