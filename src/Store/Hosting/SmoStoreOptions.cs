namespace Smo.Store.Hosting;

/// <summary>Where Smo keeps its own state (graphs, clusters, decisions, events), bound to the <c>SmoStore</c> section.</summary>
public sealed record SmoStoreOptions
{
    public const string Section = "SmoStore";

    public const string DefaultSchema = "smo";

    public required string ConnectionString { get; set; }

    /// <summary>The PostgreSQL schema holding Smo's tables; separate from the durable runtime's <c>durable_*</c> schemas.</summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>Create and migrate the schema when the host starts, before it serves anything.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
