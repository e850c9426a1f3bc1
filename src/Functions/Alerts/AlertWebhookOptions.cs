namespace Smo.Functions.Alerts;

/// <summary>
/// <c>Smo:Alerts</c>: the Alertmanager webhook's own credential and how often a policy may move a service.
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

        return options.PolicyCooldown < TimeSpan.Zero
            ? throw new InvalidOperationException($"{Section}:{nameof(PolicyCooldown)} must be zero (no cooldown) or longer (is {options.PolicyCooldown}).")
            : options;
    }
}
