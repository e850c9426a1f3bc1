using System.Text.RegularExpressions;
using Npgsql;

namespace Smo.Store;

/// <summary>
/// Where Smo's tables live: one data source and one schema. Every repository qualifies its tables through this, so
/// several Smo deployments (or test classes) can share a database in separate schemas.
/// </summary>
public sealed partial class StoreContext
{
    /// <summary>The longest schema name accepted; PostgreSQL truncates identifiers at 63 bytes.</summary>
    public const int MaxSchemaLength = 63;

    public StoreContext(NpgsqlDataSource dataSource, string schema)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        RequireValidSchema(schema);
        DataSource = dataSource;
        Schema = schema;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Validated against <see cref="SchemaPattern"/>, so it is safe to splice into SQL as an identifier.</summary>
    public string Schema { get; }

    public string Clusters => $"{Schema}.clusters";

    public string Graphs => $"{Schema}.graphs";

    public string Services => $"{Schema}.services";

    public string GraphVersions => $"{Schema}.graph_versions";

    public string Decisions => $"{Schema}.decisions";

    public string Events => $"{Schema}.events";

    public string AlertDeliveries => $"{Schema}.alert_deliveries";

    public string PolicyFirings => $"{Schema}.policy_firings";

    public string Forecasts => $"{Schema}.forecasts";

    public string PushedForecasts => $"{Schema}.pushed_forecasts";

    public string PushedForecastPoints => $"{Schema}.pushed_forecast_points";

    public string Vims => $"{Schema}.vims";

    public string OsK8sClusters => $"{Schema}.os_k8s_clusters";

    public string SchemaVersion => $"{Schema}.schema_version";

    /// <summary>Throws unless <paramref name="schema"/> is a plain lower-case identifier, the only kind spliced into SQL.</summary>
    public static void RequireValidSchema(string schema)
    {
        if (schema is null || schema.Length is 0 or > MaxSchemaLength || !SchemaPattern().IsMatch(schema))
        {
            throw new ArgumentException(
                $"The schema name '{schema}' is not valid: use 1 to {MaxSchemaLength} lower-case letters, digits or underscores, starting with a letter or underscore.",
                nameof(schema));
        }
    }

    [GeneratedRegex(@"^[a-z_][a-z0-9_]*\z")]
    private static partial Regex SchemaPattern();
}
