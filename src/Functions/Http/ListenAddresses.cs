using System.Net;

namespace Smo.Functions.Http;

/// <summary>
/// The addresses Kestrel will listen on, read from the same settings it reads (<c>urls</c>, <c>http_ports</c>,
/// <c>https_ports</c>, <c>Kestrel:Endpoints:*:Url</c>), before it binds: a host without keys must refuse to start
/// rather than listen, even for a moment, where others can reach it.
/// </summary>
public static class ListenAddresses
{
    private static readonly string[] UrlSettings = ["urls", "ASPNETCORE_URLS"];
    private static readonly string[] PortSettings = ["http_ports", "https_ports", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS"];

    /// <summary>Whether any listen setting is present; when none is, Smo's host binds 127.0.0.1 itself.</summary>
    public static bool Configured(IConfiguration configuration) =>
        UrlSettings.Concat(PortSettings).Any(key => !string.IsNullOrEmpty(configuration[key]))
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();

    /// <summary>Configured addresses that others than this machine can reach (a port alone listens on every interface).</summary>
    public static IReadOnlyList<string> BeyondLoopback(IConfiguration configuration)
    {
        var urls = UrlSettings.SelectMany(key => Split(configuration[key]))
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(endpoint => endpoint["Url"]).OfType<string>());
        var ports = PortSettings.SelectMany(key => Split(configuration[key])).Select(port => $"*:{port}");
        return [.. urls.Where(url => !IsLoopback(url)).Concat(ports).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// Loopback: <c>localhost</c>, a loopback IP or a Unix socket. Kestrel binds every interface for <c>*</c>, <c>+</c>,
    /// <c>0.0.0.0</c>, <c>[::]</c> and for any host name other than localhost; a URL it cannot read counts as reachable.
    /// </summary>
    public static bool IsLoopback(string url)
    {
        try
        {
            var address = BindingAddress.Parse(url);
            if (address.IsUnixPipe)
            {
                return true;
            }

            return string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string[] Split(string? value) =>
        value?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
