namespace Smo.Durable.Storage.Postgres;

/// <summary>Where the PostgreSQL store keeps a task hub.</summary>
public sealed record PostgresStoreOptions
{
    public required string ConnectionString { get; set; }

    /// <summary>The task hub; each hub gets its own schema (<c>durable_&lt;hub&gt;</c>), so hubs never see each other.</summary>
    public string HubName { get; set; } = "default";

    /// <summary>Wake workers by LISTEN/NOTIFY; without it they find work by polling alone (slower, same results).</summary>
    public bool ListenForNotifications { get; set; } = true;

    /// <summary>Instances whose history this host keeps in memory between episodes.</summary>
    public int HistoryCacheSize { get; set; } = 10_000;

    /// <summary>The schema name derived from <see cref="HubName"/>: lower-case letters, digits and underscores.</summary>
    public string SchemaName => $"durable_{SchemaSuffix(HubName)}";

    /// <summary>A hub name as it appears in schema names: lower-case letters, digits and underscores.</summary>
    public static string SchemaSuffix(string hubName)
    {
        var cleaned = new string(hubName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return cleaned.Length is 0 or > 48
            ? throw new ArgumentException($"The hub name '{hubName}' must have 1 to 48 characters.", nameof(hubName))
            : cleaned;
    }
}
