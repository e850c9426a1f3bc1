using Smo.Functions.Http;

namespace Smo.Functions.Alerts;

/// <summary>
/// The Alertmanager webhook has a credential of its own, so a key handed to API clients cannot forge alerts (and
/// move services): <c>Authorization: Bearer</c> with <c>Smo:Alerts:WebhookToken</c>, as Alertmanager's
/// <c>http_config.authorization</c> sends it, or — under Smo's host — the webhook's own function key
/// (<c>Smo:Keys:Functions:Alerts_Webhook</c>) or the master key. The default key does not open it. Only a keyless Smo
/// host (loopback only) with no token configured leaves it open.
/// </summary>
public sealed class WebhookCredential(AlertWebhookOptions options, KeyChecking keyChecking, FunctionKeys? keys = null)
{
    public const string FunctionName = "Alerts_Webhook";

    /// <summary>The 401 for a request without the webhook's credential, or null when it may go on.</summary>
    public IResult? Refusal(HttpRequest request) => Allows(request) ? null : TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "The webhook's credential is required.",
        detail: $"The Alertmanager webhook takes 'Authorization: Bearer <{AlertWebhookOptions.WebhookTokenSetting}>' (Alertmanager's "
            + $"http_config.authorization) or its own function key (Smo:Keys:Functions:{FunctionName}); the default function key does not open it.");

    private bool Allows(HttpRequest request) =>
        (keys?.AllowsMasterOrOwn(request, FunctionName) ?? false)
        || (string.IsNullOrEmpty(options.WebhookToken)
            ? keyChecking.OpenLocally
            : FunctionKeys.Matches(FunctionKeys.Bearer(request), options.WebhookToken));
}
