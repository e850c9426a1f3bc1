using Npgsql;
using NpgsqlTypes;

namespace Smo.Durable.Storage.Postgres;

/// <summary>Typed parameters (for commands and batch commands alike), so nulls and arrays reach PostgreSQL with the right types.</summary>
internal static class NpgsqlCommandExtensions
{
    public static NpgsqlParameterCollection With(this NpgsqlParameterCollection parameters, string name, NpgsqlDbType type, object? value)
    {
        parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return parameters;
    }

    public static NpgsqlParameterCollection WithText(this NpgsqlParameterCollection parameters, string name, string? value) => parameters.With(name, NpgsqlDbType.Text, value);

    public static NpgsqlParameterCollection WithTime(this NpgsqlParameterCollection parameters, string name, DateTime? value) =>
        parameters.With(name, NpgsqlDbType.TimestampTz, value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null);

    public static NpgsqlParameterCollection WithLong(this NpgsqlParameterCollection parameters, string name, long? value) => parameters.With(name, NpgsqlDbType.Bigint, value);

    public static NpgsqlParameterCollection WithInt(this NpgsqlParameterCollection parameters, string name, int? value) => parameters.With(name, NpgsqlDbType.Integer, value);

    public static NpgsqlParameterCollection WithArray<T>(this NpgsqlParameterCollection parameters, string name, NpgsqlDbType elementType, IEnumerable<T> values) =>
        parameters.With(name, NpgsqlDbType.Array | elementType, values.ToArray());

    public static NpgsqlParameterCollection WithInterval(this NpgsqlParameterCollection parameters, string name, TimeSpan value) => parameters.With(name, NpgsqlDbType.Interval, value);

    /// <summary>A name filter: null (no filter) or the names as a text array.</summary>
    public static NpgsqlParameterCollection WithNames(this NpgsqlParameterCollection parameters, IReadOnlyCollection<string>? names) =>
        parameters.With("names", NpgsqlDbType.Array | NpgsqlDbType.Text, names?.ToArray());

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTime? GetNullableDateTime(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    public static DateTime GetUtcDateTime(this NpgsqlDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
}
