using System.Text.Json;
using System.Text.RegularExpressions;

namespace Smo.Adapters.Tests.Infrastructure;

/// <summary>
/// Addresses of the real services scripts/services.sh starts (the variables it prints override the defaults).
/// Tests that use them fail with this hint when a service is down: they are never skipped.
/// </summary>
public static partial class LocalServices
{
    public const string StartHint = "start it with: scripts/services.sh up prometheus alertmanager registry azurite";

    public static Uri Prometheus => Address("SMO_PROMETHEUS", "http://127.0.0.1:9090/");

    public static Uri Alertmanager => Address("SMO_ALERTMANAGER", "http://127.0.0.1:9093/");

    /// <summary>Where the test Alertmanager posts every notification.</summary>
    public static Uri AlertmanagerWebhook => Address("SMO_ALERTMANAGER_WEBHOOK", "http://127.0.0.1:19093/alerts");

    public static Uri Registry => Address("SMO_REGISTRY", "http://127.0.0.1:5000/");

    public static string BlobConnectionString => Environment.GetEnvironmentVariable("SMO_BLOB_STORAGE") ?? "UseDevelopmentStorage=true";

    /// <summary>The rule-file and file_sd directories, read from the running Prometheus's own configuration.</summary>
    public static async Task<(string RulesDirectory, string TargetsDirectory)> PrometheusDirectoriesAsync()
    {
        using var http = new HttpClient { BaseAddress = Prometheus };
        string config;
        try
        {
            using var answer = JsonDocument.Parse(await http.GetStringAsync("api/v1/status/config"));
            config = answer.RootElement.GetProperty("data").GetProperty("yaml").GetString()!;
        }
        catch (HttpRequestException exception)
        {
            throw new InvalidOperationException($"Prometheus is not reachable at {Prometheus} ({exception.Message}); {StartHint}", exception);
        }

        var rules = RuleGlob().Match(config);
        var targets = TargetGlob().Match(config);
        if (!rules.Success || !targets.Success)
        {
            throw new InvalidOperationException($"Prometheus at {Prometheus} was not started by scripts/services.sh (no rule_files / file_sd dirs in its config)");
        }

        return (rules.Groups["dir"].Value, targets.Groups["dir"].Value);
    }

    private static Uri Address(string variable, string fallback)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return new Uri(string.IsNullOrWhiteSpace(value) ? fallback : value.EndsWith('/') || value.Contains("/alerts") ? value : value + "/");
    }

    [GeneratedRegex(@"rule_files:\s*\n\s*-\s*(?<dir>\S+)/\*\.yml")]
    private static partial Regex RuleGlob();

    [GeneratedRegex(@"files:\s*\n\s*-\s*(?<dir>\S+)/\*\.json")]
    private static partial Regex TargetGlob();
}
