using Npgsql;
using NpgsqlTypes;

namespace Smo.Durable.Storage.Postgres;

/// <summary>Typed parameters, so nulls and arrays reach PostgreSQL with the right types.</summary>
internal static class NpgsqlCommandExtensions
{
    public static NpgsqlCommand With(this NpgsqlCommand command, string name, NpgsqlDbType type, object? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return command;
    }

    public static NpgsqlCommand WithText(this NpgsqlCommand command, string name, string? value) => command.With(name, NpgsqlDbType.Text, value);

    public static NpgsqlCommand WithTime(this NpgsqlCommand command, string name, DateTime? value) =>
        command.With(name, NpgsqlDbType.TimestampTz, value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null);

    public static NpgsqlCommand WithLong(this NpgsqlCommand command, string name, long? value) => command.With(name, NpgsqlDbType.Bigint, value);

    public static NpgsqlCommand WithInt(this NpgsqlCommand command, string name, int? value) => command.With(name, NpgsqlDbType.Integer, value);

    public static NpgsqlCommand WithArray<T>(this NpgsqlCommand command, string name, NpgsqlDbType elementType, IEnumerable<T> values) =>
        command.With(name, NpgsqlDbType.Array | elementType, values.ToArray());

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTime? GetNullableDateTime(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    public static DateTime GetUtcDateTime(this NpgsqlDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
}
