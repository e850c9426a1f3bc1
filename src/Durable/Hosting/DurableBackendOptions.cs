using System.Net;
using Smo.Durable.Dispatch;
using Smo.Durable.Storage.Postgres;

namespace Smo.Durable.Hosting;

/// <summary>Where the backend keeps a task hub and how it serves the Durable Task protocol.</summary>
public sealed class DurableBackendOptions
{
    public string ConnectionString { get; set; } = "";

    /// <summary>The host's own task hub; each hub has its own schema, so hubs never see each other's instances or work.</summary>
    public string HubName { get; set; } = "default";

    /// <summary>
    /// The hub of a gRPC call that names none in its <c>taskhub</c> header (another application's worker or client):
    /// never the host's own, so no one reaches the host's orchestrations without naming its hub.
    /// </summary>
    public string ExternalHubName { get; set; } = "external";

    /// <summary>Most hubs served besides the host's own (each holds connection pools and a listener).</summary>
    public int MaxTaskHubs { get; set; } = 16;

    /// <summary>Wake dispatch by LISTEN/NOTIFY; without it work is found by polling alone (slower, same results).</summary>
    public bool ListenForNotifications { get; set; } = true;

    /// <summary>Instances whose history this host keeps in memory between episodes.</summary>
    public int HistoryCacheSize { get; set; } = 10_000;

    /// <summary>
    /// A TCP endpoint (<c>127.0.0.1:4001</c>) where workers and clients of other processes or languages may connect.
    /// Null: the protocol is served only on this host's private loopback port.
    /// </summary>
    public string? GrpcEndpoint { get; set; }


    /// <summary>Largest gRPC message either way (a work item carries an instance's whole history).</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    public BackendLimits Limits { get; } = new();

    internal PostgresStoreOptions StoreOptions() => new()
    {
        ConnectionString = ConnectionString,
        HubName = HubName,
        ListenForNotifications = ListenForNotifications,
        HistoryCacheSize = HistoryCacheSize,
    };

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException("The durable backend needs a PostgreSQL connection string.");
        }

        _ = StoreOptions().SchemaName; // throws on a bad hub name
        if (string.Equals(ExternalHubName, HubName, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The hub for external callers must differ from the host's own hub '{HubName}': calls that name no hub would reach the host's orchestrations.");
        }

        // The protocol carries no credentials: whoever reaches the endpoint can start and read orchestrations.
        if (GrpcEndpoint is { } endpoint && !(IPEndPoint.TryParse(endpoint, out var parsed) && IPAddress.IsLoopback(parsed.Address) && parsed.Port > 0))
        {
            throw new InvalidOperationException(
                $"The durable backend's gRPC endpoint '{endpoint}' must be a loopback address with a port (e.g. 127.0.0.1:4001): the protocol has no authentication.");
        }

        Limits.Validate();
    }
}
