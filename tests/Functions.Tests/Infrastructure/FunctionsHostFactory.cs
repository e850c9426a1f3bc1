using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Tests.Infrastructure;

/// <summary>
/// Runs the real host in memory against a script root of the test's making: its own host.json and
/// local.settings.json, so the tests exercise the files the way a user writes them. By default the durable
/// workflow runs on Smo's PostgreSQL backend in a task hub of the factory's own, dropped on dispose.
/// </summary>
public sealed class FunctionsHostFactory : WebApplicationFactory<Program>
{
    public const string MasterKey = "master-key-for-tests";
    public const string DefaultKey = "default-key-for-tests";

    /// <summary>Not "Postgres": that name also starts the control plane's store, which most tests do not want.</summary>
    public const string DurableConnectionName = "DurableStore";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<DurableTaskRegistry>? _tasks;
    private readonly Action<IServiceCollection>? _services;
    private readonly string? _hub;

    /// <param name="tasks">Orchestrators and activities a test adds to the host's own.</param>
    /// <param name="services">Services a test adds to the host's own (say a test double of a seam the host resolves).</param>
    public FunctionsHostFactory(
        object? durableTask = null, object? values = null, object? connectionStrings = null, bool keys = true, Action<DurableTaskRegistry>? tasks = null,
        Action<IServiceCollection>? services = null)
    {
        _tasks = tasks;
        _services = services;
        ScriptRoot = Directory.CreateTempSubdirectory("smo-host-").FullName;
        if (durableTask is null)
        {
            _hub = "fh" + Guid.NewGuid().ToString("N")[..12];
            durableTask = new { hubName = _hub, storageProvider = new { type = "postgres", connectionStringName = DurableConnectionName } };
        }

        var hostJson = new
        {
            version = "2.0",
            extensions = new
            {
                http = new { routePrefix = "" },
                durableTask,
            },
        };
        File.WriteAllText(Path.Combine(ScriptRoot, "host.json"), JsonSerializer.Serialize(hostJson));
        var localValues = values ?? (keys
            ? new Dictionary<string, string> { ["Smo__Keys__Master"] = MasterKey, ["Smo__Keys__Default"] = DefaultKey }
            : new Dictionary<string, string>());
        File.WriteAllText(Path.Combine(ScriptRoot, "local.settings.json"), JsonSerializer.Serialize(new
        {
            IsEncrypted = false,
            Values = localValues,
            ConnectionStrings = WithDurableStore(connectionStrings),
        }));
        _settings = new Dictionary<string, string?> { ["AzureWebJobsScriptRoot"] = ScriptRoot };
    }

    public string ScriptRoot { get; }

    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>
    /// Every entry logged at Error or Critical, with its category and exception: what a test reads to say the host
    /// met no unhandled exception (the lines of <see cref="Logs"/> carry neither).
    /// </summary>
    public ConcurrentQueue<LoggedError> Errors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddLogging(logging => logging.AddProvider(new ListLoggerProvider(Logs, Errors)));
            if (_tasks is not null)
            {
                services.Configure(_tasks);
            }

            _services?.Invoke(services);
        });
    }

    public HttpClient CreateClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", key);
        return client;
    }

    private static Dictionary<string, JsonElement> WithDurableStore(object? connectionStrings)
    {
        var merged = connectionStrings is null
            ? []
            : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(connectionStrings))!;
        merged.TryAdd(DurableConnectionName, JsonSerializer.SerializeToElement(PostgresConnection.String));
        return merged;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_hub is not null)
        {
            new SchemaCleanup($"durable_{_hub}", $"functions_{_hub}").DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        try
        {
            Directory.Delete(ScriptRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class ListLoggerProvider(ConcurrentQueue<string> logs, ConcurrentQueue<LoggedError> errors) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, logs, errors);

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(string category, ConcurrentQueue<string> logs, ConcurrentQueue<LoggedError> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        // Information too: tests read what a host did from it (and that secrets never reach any level).
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            logs.Enqueue(message);
            if (logLevel >= LogLevel.Error)
            {
                errors.Enqueue(new LoggedError(logLevel, category, eventId, message, exception));
            }
        }
    }
}
