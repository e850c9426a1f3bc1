using Microsoft.AspNetCore.HostFiltering;
using Smo.Functions.Alerts;
using Smo.Functions.Hosting;

namespace Smo.Functions.Http;

/// <summary>Registers function-key checking from the <c>Smo:Keys</c> settings, and what a host without keys may expose.</summary>
public static class FunctionKeysServiceCollectionExtensions
{
    /// <summary>The Host headers a keyless host answers: a DNS name rebound to 127.0.0.1 is not one of them.</summary>
    public static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static WebApplicationBuilder AddFunctionKeys(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(FunctionKeyOptions.Section);
        builder.Services.Configure<FunctionKeyOptions>(section);
        builder.Services.AddSingleton<FunctionKeys>();
        var enforced = section.Get<FunctionKeyOptions>()?.Enforced ?? false;
        builder.Services.AddCommandMethods(builder.Configuration, new KeyChecking(BySmo: true, enforced));
        if (!enforced)
        {
            GuardKeylessHost(builder);
        }
        else if (string.IsNullOrEmpty(builder.Configuration[AlertWebhookOptions.WebhookTokenSetting])
            && string.IsNullOrEmpty(builder.Configuration[$"{FunctionKeyOptions.Section}:Functions:{WebhookCredential.FunctionName}"]))
        {
            StartupWarnings.Of(builder).Add($"Keys are enforced but the Alertmanager webhook has no credential of its own ({AlertWebhookOptions.WebhookTokenSetting} "
                + $"or Smo:Keys:Functions:{WebhookCredential.FunctionName}): only the master key opens it, so Alertmanager's notifications will be refused.");
        }

        return builder;
    }

    /// <summary>
    /// Without keys the host serves loopback only, and only Host headers that name loopback, unless
    /// <c>Smo:Auth:AllowAnonymous</c> accepts the risk; anything else stops the start with the setting named.
    /// </summary>
    private static void GuardKeylessHost(WebApplicationBuilder builder)
    {
        var warnings = StartupWarnings.Of(builder);
        var allowAnonymous = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()?.AllowAnonymous ?? false;
        var exposed = ListenAddresses.BeyondLoopback(builder.Configuration);
        if (exposed.Count > 0 && !allowAnonymous)
        {
            throw new InvalidOperationException(
                $"No function keys are configured (Smo:Keys:Master, Smo:Keys:Default) and the host would listen on {string.Join(", ", exposed)}, "
                + "beyond loopback: anyone reaching it could install software into the clusters. Configure a key, listen on 127.0.0.1 only, "
                + $"or set {AuthOptions.AllowAnonymousSetting}=true to serve without keys anyway.");
        }

        if (exposed.Count > 0)
        {
            warnings.Add($"SECURITY: {AuthOptions.AllowAnonymousSetting} is on and no function keys are configured: the API, which installs "
                + $"software into the clusters, is open to anyone who reaches {string.Join(", ", exposed)}.");
        }
        else
        {
            warnings.Add("No function keys are configured (Smo:Keys:Master / Smo:Keys:Default): the host listens on loopback only and "
                + "every endpoint is open to this machine's users, as in local development.");
        }

        if (string.IsNullOrEmpty(builder.Configuration["AllowedHosts"]) && !allowAnonymous)
        {
            builder.Services.Configure<HostFilteringOptions>(options => options.AllowedHosts = LoopbackHosts);
        }
    }
}
