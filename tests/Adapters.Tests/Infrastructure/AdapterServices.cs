using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Hosting;

namespace Smo.Adapters.Tests.Infrastructure;

/// <summary>The adapters as the host registers them, configured from a table of <c>Smo:...</c> settings.</summary>
public static class AdapterServices
{
    /// <summary>Quick resilience for tests: short timeouts and backoff, so retries and breakers show within seconds.</summary>
    /// <summary>
    /// Quick retries; timeouts generous enough for a first request to a fresh in-test server on a loaded 2-core
    /// machine (seconds, seen on CI-like load), so a test about malformed answers never fails with a timeout.
    /// </summary>
    public static Dictionary<string, string?> FastResilience(string section, int maxRetries = 2) => new()
    {
        [$"{section}:Resilience:AttemptTimeout"] = "00:00:10",
        [$"{section}:Resilience:TotalTimeout"] = "00:00:30",
        [$"{section}:Resilience:MaxRetries"] = maxRetries.ToString(),
        [$"{section}:Resilience:RetryBaseDelay"] = "00:00:00.010",
    };

    public static ServiceProvider Build(params IEnumerable<KeyValuePair<string, string?>>[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.SelectMany(s => s)).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSmoAdapters(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>A settings table; a later pair overrides an earlier one with the same key.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] pairs)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (key, value) in pairs)
        {
            settings[key] = value;
        }

        return settings;
    }
}
