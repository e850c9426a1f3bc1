using Npgsql;
using NpgsqlTypes;
using Smo.Store.Sql;

namespace Smo.Store.Forecasts;

/// <summary>
/// The forecasts predictive scaling made and, once a later tick measured the rate at their time, their error. One
/// statement per tick for all of a graph's services, each way; rows go with their service, or by retention.
/// </summary>
public sealed class ForecastLog(StoreContext store)
{
    private const string Columns = "id, graph, service, method, point, upper, at, horizon_seconds, acted, created_at, settled_at, actual";

    /// <summary>Records a tick's forecasts for the services of <paramref name="graph"/>; throws <see cref="KeyNotFoundException"/> when one does not exist.</summary>
    public async Task RecordAsync(string graph, IReadOnlyList<NewForecast> forecasts, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        ArgumentNullException.ThrowIfNull(forecasts);
        foreach (var forecast in forecasts)
        {
            forecast.Validate(nameof(forecasts));
        }

        if (forecasts.Count == 0)
        {
            return;
        }

        await using var command = store.DataSource.CreateCommand(
            $"""
            INSERT INTO {store.Forecasts} (graph, service, method, point, upper, at, horizon_seconds, acted)
            SELECT @graph, f.service, f.method, f.point, f.upper, f.at, f.horizon, f.acted
            FROM unnest(@services, @methods, @points, @uppers, @ats, @horizons, @acted) AS f(service, method, point, upper, at, horizon, acted)
            """);
        command.Parameters
            .WithText("graph", graph)
            .WithTexts("services", forecasts.Select(f => f.Service))
            .WithTexts("methods", forecasts.Select(f => f.Method))
            .With("points", NpgsqlDbType.Array | NpgsqlDbType.Double, forecasts.Select(f => f.Point).ToArray())
            .With("uppers", NpgsqlDbType.Array | NpgsqlDbType.Double, forecasts.Select(f => f.Upper).ToArray())
            .With("ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, forecasts.Select(f => f.At.ToUniversalTime()).ToArray())
            .With("horizons", NpgsqlDbType.Array | NpgsqlDbType.Double, forecasts.Select(f => f.Horizon.TotalSeconds).ToArray())
            .With("acted", NpgsqlDbType.Array | NpgsqlDbType.Boolean, forecasts.Select(f => f.Acted).ToArray());
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new KeyNotFoundException($"A service of graph '{graph}' does not exist; its forecasts were not recorded.", e);
        }
    }

    /// <summary>
    /// Settles the graph's open forecasts for a time at or before <paramref name="measuredAt"/> of the services with a
    /// rate in <paramref name="measured"/>: those for a time from <paramref name="oldest"/> on get that rate (and are
    /// returned, oldest first); older ones were missed — no tick measured the rate near their time — and close without one.
    /// </summary>
    public async Task<IReadOnlyList<SettledForecast>> SettleAsync(
        string graph, IReadOnlyDictionary<string, double> measured, DateTimeOffset measuredAt, DateTimeOffset oldest, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        ArgumentNullException.ThrowIfNull(measured);
        foreach (var (service, rate) in measured)
        {
            Require.NonNegative(rate, $"The rate measured for {service}", nameof(measured));
        }

        if (measured.Count == 0)
        {
            return [];
        }

        await using var command = store.DataSource.CreateCommand(
            $"""
            UPDATE {store.Forecasts} AS f
            SET settled_at = @measured_at, actual = CASE WHEN f.at >= @oldest THEN m.rate END
            FROM unnest(@services, @rates) AS m(service, rate)
            WHERE f.graph = @graph AND f.service = m.service AND f.settled_at IS NULL AND f.at <= @measured_at
            RETURNING f.service, f.method, f.at, f.point, f.actual
            """);
        command.Parameters
            .WithText("graph", graph)
            .WithTexts("services", measured.Keys)
            .With("rates", NpgsqlDbType.Array | NpgsqlDbType.Double, measured.Values.ToArray())
            .WithTime("measured_at", measuredAt)
            .WithTime("oldest", oldest);
        var settled = new List<SettledForecast>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(4))
            {
                settled.Add(new SettledForecast(reader.GetString(0), reader.GetString(1), reader.GetTime(2), reader.GetDouble(3), reader.GetDouble(4)));
            }
        }

        return [.. settled.OrderBy(s => s.At).ThenBy(s => s.Service, StringComparer.Ordinal)];
    }

    /// <summary>The graph's most recent forecasts, newest first.</summary>
    public async Task<IReadOnlyList<ForecastRecord>> LatestAsync(string graph, int limit, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        Require.Limit(limit, nameof(limit));
        await using var command = store.DataSource.CreateCommand(
            $"SELECT {Columns} FROM {store.Forecasts} WHERE graph = @graph ORDER BY created_at DESC, id DESC LIMIT @limit");
        command.Parameters.WithText("graph", graph).WithInt("limit", limit);
        var forecasts = new List<ForecastRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            forecasts.Add(new ForecastRecord(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetDouble(4), reader.GetDouble(5),
                reader.GetTime(6), TimeSpan.FromSeconds(reader.GetDouble(7)), reader.GetBoolean(8), reader.GetTime(9), reader.GetNullableTime(10),
                reader.IsDBNull(11) ? null : reader.GetDouble(11)));
        }

        return forecasts;
    }

    /// <summary>Retention: deletes forecasts made before <paramref name="before"/>, in batches; returns how many went.</summary>
    public Task<long> PurgeAsync(DateTimeOffset before, int batchSize = 10_000, CancellationToken cancellationToken = default) =>
        LogTrimming.InBatchesAsync(store.DataSource,
            $"DELETE FROM {store.Forecasts} WHERE id IN (SELECT id FROM {store.Forecasts} WHERE created_at < @before LIMIT @batch)",
            parameters => parameters.WithTime("before", before), batchSize, cancellationToken);

    /// <summary>Deletes each graph's forecasts beyond its newest <paramref name="keep"/>; returns how many.</summary>
    public Task<long> TrimPerGraphAsync(int keep, int batchSize = 10_000, CancellationToken cancellationToken = default) =>
        LogTrimming.BeyondNewestPerGraphAsync(store.DataSource, store.Forecasts, keep, batchSize, cancellationToken);
}
