
namespace Smo.Functions.Durable;

/// <summary>host.json <c>extensions.durableTask</c>, as Durable Functions names it.</summary>
public sealed class DurableTaskExtensionOptions
{
    public const string Section = "AzureFunctionsJobHost:extensions:durableTask";

    /// <summary>Keys this host understands; anything else (Azure Storage tuning, ...) is ignored with a warning.</summary>
    public static readonly IReadOnlySet<string> KnownKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        nameof(HubName), nameof(MaxConcurrentActivityFunctions), nameof(MaxConcurrentOrchestratorFunctions),
        nameof(MaxOrchestrationActions), nameof(StorageProvider),
    };

    public string HubName { get; set; } = "smo";

    public int? MaxConcurrentActivityFunctions { get; set; }

    public int? MaxConcurrentOrchestratorFunctions { get; set; }

    public int? MaxOrchestrationActions { get; set; }

    public StorageProviderOptions StorageProvider { get; set; } = new();
}

/// <summary>host.json <c>extensions.durableTask.storageProvider</c>.</summary>
public sealed class StorageProviderOptions
{
    public const string Postgres = "postgres";
    public const string Memory = "memory";

    public string Type { get; set; } = Postgres;

    /// <summary>The connection string's name in <c>ConnectionStrings</c> (or a plain setting of that name).</summary>
    public string ConnectionStringName { get; set; } = "Postgres";

    /// <summary>
    /// A TCP endpoint (<c>127.0.0.1:4001</c>) where Durable Task workers and clients of other applications may connect
    /// to the backend; unset, it serves only this host's own worker and client.
    /// </summary>
    public string? GrpcEndpoint { get; set; }
}
