using System.Text.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace Smo.Functions.Hosting;

/// <summary>
/// Reads <c>host.json</c> and <c>local.settings.json</c> the way the Functions host does: host.json under the
/// <c>AzureFunctionsJobHost</c> section, local settings' <c>Values</c> as top-level settings (<c>__</c> nests) and
/// <c>ConnectionStrings</c> as connection strings. Environment variables and the command line still win.
/// </summary>
public static class FunctionsConfiguration
{
    public const string HostSection = "AzureFunctionsJobHost";
    public const string HostJson = "host.json";
    public const string LocalSettingsJson = "local.settings.json";
    public const string LocalSettingsSample = "local.settings.sample.json";
    public const int DefaultLocalHttpPort = 7071;
    private const string LogLevelPrefix = HostSection + ":logging:logLevel:";

    public static WebApplicationBuilder AddFunctionsConfiguration(this WebApplicationBuilder builder)
    {
        var root = ScriptRoot(builder.Configuration);
        var settings = new Dictionary<string, string?>(ScheduleDefaults.Settings, StringComparer.OrdinalIgnoreCase);
        var hostJson = Path.Combine(root, HostJson);
        if (!File.Exists(hostJson))
        {
            throw new InvalidOperationException($"No {HostJson} in the script root '{root}'. Set AzureWebJobsScriptRoot to the folder that holds it.");
        }

        Flatten(Parse(hostJson), HostSection, settings);
        // host.json "logging.logLevel" drives the log filters, as in the Functions host.
        foreach (var (key, value) in settings.Where(s => s.Key.StartsWith(LogLevelPrefix, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            var category = key[LogLevelPrefix.Length..];
            settings[$"Logging:LogLevel:{(category.Equals("default", StringComparison.OrdinalIgnoreCase) ? "Default" : category)}"] = value;
        }

        var localSettings = LocalSettingsPath(root);
        if (localSettings is not null)
        {
            ReadLocalSettings(Parse(localSettings), settings);
        }

        // Lowest precedence: anything set in the environment or on the command line overrides these files.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = settings });
        if (!Http.ListenAddresses.Configured(builder.Configuration))
        {
            var port = builder.Configuration.GetValue("Host:LocalHttpPort", DefaultLocalHttpPort);
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        return builder;
    }

    /// <summary>The folder holding host.json: <c>AzureWebJobsScriptRoot</c>, else the working folder, else the app's folder.</summary>
    public static string ScriptRoot(IConfiguration configuration) =>
        configuration["AzureWebJobsScriptRoot"] is { Length: > 0 } configured
            ? configured
            : File.Exists(Path.Combine(Directory.GetCurrentDirectory(), HostJson))
                ? Directory.GetCurrentDirectory()
                : AppContext.BaseDirectory;

    /// <summary>local.settings.json, created from the sample on first run; null when neither exists.</summary>
    private static string? LocalSettingsPath(string root)
    {
        var path = Path.Combine(root, LocalSettingsJson);
        var sample = Path.Combine(root, LocalSettingsSample);
        if (!File.Exists(path) && File.Exists(sample))
        {
            File.Copy(sample, path);
        }

        return File.Exists(path) ? path : null;
    }

    private static void ReadLocalSettings(JsonElement document, Dictionary<string, string?> settings)
    {
        if (document.TryGetProperty("Values", out var values))
        {
            foreach (var value in values.EnumerateObject())
            {
                settings[value.Name.Replace("__", ":", StringComparison.Ordinal)] = Scalar(value.Value);
            }
        }

        if (document.TryGetProperty("ConnectionStrings", out var connectionStrings))
        {
            foreach (var connection in connectionStrings.EnumerateObject())
            {
                settings[$"ConnectionStrings:{connection.Name}"] = Scalar(connection.Value);
            }
        }

        if (document.TryGetProperty("Host", out var host))
        {
            Flatten(host, "Host", settings);
        }
    }

    private static JsonElement Parse(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"{path} is not valid JSON: {exception.Message}", exception);
        }
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string?> settings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, $"{prefix}:{property.Name}", settings);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{prefix}:{index++}", settings);
                }

                break;
            default:
                settings[prefix] = Scalar(element);
                break;
        }
    }

    private static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Null => null,
        _ => element.GetRawText(),
    };
}
