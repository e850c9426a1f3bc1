using System.Net.Http.Headers;
using System.Text;

namespace Smo.Adapters.Grafana;

/// <summary>Grafana credentials: a service-account token as Bearer, else user and password as Basic.</summary>
internal static class GrafanaAuthorization
{
    public static AuthenticationHeaderValue? Header(GrafanaOptions options)
    {
        if (!string.IsNullOrEmpty(options.ApiToken))
        {
            return new AuthenticationHeaderValue("Bearer", options.ApiToken);
        }

        return string.IsNullOrEmpty(options.Username)
            ? null
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")));
    }
}
