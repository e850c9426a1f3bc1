using Npgsql;
using NpgsqlTypes;
using Smo.Store.Sql;

namespace Smo.Store.Forecasts;

/// <summary>
/// Forecasts pushed from outside, one series per service, replaced whole. A tick asks for the rates at one time of a
/// graph's services, reading only the two points around it of each series that spans that time.
/// </summary>
public sealed class PushedForecasts(StoreContext store)
{
    /// <summary>Stores <paramref name="forecast"/> as the service's, replacing the one before; throws <see cref="KeyNotFoundException"/> when the service does not exist.</summary>
    public async Task ReplaceAsync(string graph, string service, PushedForecast forecast, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        Require.Label(service, "The service name", nameof(service));
        ArgumentNullException.ThrowIfNull(forecast);
        forecast.Validate(nameof(forecast));

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            // The points go with the header (ON DELETE CASCADE): the series is replaced whole, never merged.
            await connection.ExecuteAsync($"DELETE FROM {store.PushedForecasts} WHERE graph = @graph AND service = @service",
                p => p.WithText("graph", graph).WithText("service", service), cancellationToken);
            await connection.ExecuteAsync(
                $"""
                INSERT INTO {store.PushedForecasts} (graph, service, source, first_at, last_at, points)
                VALUES (@graph, @service, @source, @first, @last, @count)
                """,
                p => p.WithText("graph", graph).WithText("service", service).WithText("source", forecast.Source)
                    .WithTime("first", forecast.Points[0].At).WithTime("last", forecast.Points[^1].At).WithInt("count", forecast.Points.Count),
                cancellationToken);
            await connection.ExecuteAsync(
                $"""
                INSERT INTO {store.PushedForecastPoints} (graph, service, at, rate)
                SELECT @graph, @service, p.at, p.rate FROM unnest(@ats, @rates) AS p(at, rate)
                """,
                p => p.WithText("graph", graph).WithText("service", service)
                    .With("ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, forecast.Points.Select(f => f.At.ToUniversalTime()).ToArray())
                    .With("rates", NpgsqlDbType.Array | NpgsqlDbType.Double, forecast.Points.Select(f => f.Rate).ToArray()),
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new KeyNotFoundException($"Graph '{graph}' has no service '{service}'; its forecast was not stored.", e);
        }
    }

    /// <summary>The service's pushed forecast, or null when none was pushed.</summary>
    public async Task<PushedForecastRecord?> GetAsync(string graph, string service, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));
        Require.Label(service, "The service name", nameof(service));

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        string? source;
        DateTimeOffset pushedAt;
        await using (var header = new NpgsqlCommand($"SELECT source, pushed_at FROM {store.PushedForecasts} WHERE graph = @graph AND service = @service", connection))
        {
            header.Parameters.WithText("graph", graph).WithText("service", service);
            await using var reader = await header.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (source, pushedAt) = (reader.GetNullableString(0), reader.GetTime(1));
        }

        var points = new List<ForecastPoint>();
        await using (var read = new NpgsqlCommand(
            $"SELECT at, rate FROM {store.PushedForecastPoints} WHERE graph = @graph AND service = @service ORDER BY at", connection))
        {
            read.Parameters.WithText("graph", graph).WithText("service", service);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                points.Add(new ForecastPoint(reader.GetTime(0), reader.GetDouble(1)));
            }
        }

        return new PushedForecastRecord(graph, service, source, pushedAt, points);
    }

    /// <summary>
    /// The rate at <paramref name="at"/> of each of the graph's pushed forecasts whose series spans it (first point at
    /// or before, last at or after): linear between the two points around it. A series that ends before it is stale
    /// and left out, as is one that starts after it.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, PushedRate>> RatesAtAsync(string graph, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Require.Label(graph, "The graph name", nameof(graph));

        await using var command = store.DataSource.CreateCommand(
            $"""
            SELECT f.service, f.source, f.pushed_at, before.at, before.rate, after.at, after.rate
            FROM {store.PushedForecasts} f
            CROSS JOIN LATERAL (SELECT p.at, p.rate FROM {store.PushedForecastPoints} p
                WHERE p.graph = f.graph AND p.service = f.service AND p.at <= @at ORDER BY p.at DESC LIMIT 1) before
            CROSS JOIN LATERAL (SELECT p.at, p.rate FROM {store.PushedForecastPoints} p
                WHERE p.graph = f.graph AND p.service = f.service AND p.at >= @at ORDER BY p.at LIMIT 1) after
            WHERE f.graph = @graph AND f.first_at <= @at AND f.last_at >= @at
            """);
        command.Parameters.WithText("graph", graph).WithTime("at", at);
        var rates = new Dictionary<string, PushedRate>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (beforeAt, beforeRate, afterAt, afterRate) = (reader.GetTime(3), reader.GetDouble(4), reader.GetTime(5), reader.GetDouble(6));
            var share = afterAt == beforeAt ? 0 : (at - beforeAt) / (afterAt - beforeAt);
            rates[reader.GetString(0)] = new PushedRate(reader.GetString(0), reader.GetNullableString(1), reader.GetTime(2), beforeRate + (share * (afterRate - beforeRate)));
        }

        return rates;
    }
}
