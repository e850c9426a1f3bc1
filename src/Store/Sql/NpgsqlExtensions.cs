using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Smo.Store.Json;

namespace Smo.Store.Sql;

/// <summary>Typed parameters and column reads, so nulls, jsonb and timestamptz cross the wire with the right types.</summary>
internal static class NpgsqlExtensions
{
    public static NpgsqlParameterCollection With(this NpgsqlParameterCollection parameters, string name, NpgsqlDbType type, object? value)
    {
        parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return parameters;
    }

    public static NpgsqlParameterCollection WithText(this NpgsqlParameterCollection parameters, string name, string? value) =>
        parameters.With(name, NpgsqlDbType.Text, value);

    public static NpgsqlParameterCollection WithTexts(this NpgsqlParameterCollection parameters, string name, IEnumerable<string> values) =>
        parameters.With(name, NpgsqlDbType.Array | NpgsqlDbType.Text, values.ToArray());

    public static NpgsqlParameterCollection WithDouble(this NpgsqlParameterCollection parameters, string name, double? value) =>
        parameters.With(name, NpgsqlDbType.Double, value);

    public static NpgsqlParameterCollection WithInt(this NpgsqlParameterCollection parameters, string name, int? value) =>
        parameters.With(name, NpgsqlDbType.Integer, value);

    public static NpgsqlParameterCollection WithLong(this NpgsqlParameterCollection parameters, string name, long? value) =>
        parameters.With(name, NpgsqlDbType.Bigint, value);

    public static NpgsqlParameterCollection WithBool(this NpgsqlParameterCollection parameters, string name, bool? value) =>
        parameters.With(name, NpgsqlDbType.Boolean, value);

    /// <summary>timestamptz accepts only UTC, so every instant is converted on the way in.</summary>
    public static NpgsqlParameterCollection WithTime(this NpgsqlParameterCollection parameters, string name, DateTimeOffset? value) =>
        parameters.With(name, NpgsqlDbType.TimestampTz, value?.ToUniversalTime());

    /// <summary>A value serialised with the store's JSON options; null stays SQL NULL.</summary>
    public static NpgsqlParameterCollection WithJson<T>(this NpgsqlParameterCollection parameters, string name, T? value) =>
        parameters.With(name, NpgsqlDbType.Jsonb, value is null ? null : StoreJson.Serialize(value));

    public static NpgsqlParameterCollection WithJson(this NpgsqlParameterCollection parameters, string name, JsonElement? value) =>
        parameters.With(name, NpgsqlDbType.Jsonb, value?.GetRawText());

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset GetTime(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? GetNullableTime(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static T GetJson<T>(this NpgsqlDataReader reader, int ordinal) => StoreJson.Deserialize<T>(reader.GetString(ordinal));

    public static T? GetNullableJson<T>(this NpgsqlDataReader reader, int ordinal) where T : class =>
        reader.IsDBNull(ordinal) ? null : StoreJson.Deserialize<T>(reader.GetString(ordinal));

    public static JsonElement GetJsonElement(this NpgsqlDataReader reader, int ordinal) => StoreJson.Parse(reader.GetString(ordinal));

    public static JsonElement? GetNullableJsonElement(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : StoreJson.Parse(reader.GetString(ordinal));

    public static async Task<int> ExecuteAsync(this NpgsqlConnection connection, string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        parameters(command.Parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
