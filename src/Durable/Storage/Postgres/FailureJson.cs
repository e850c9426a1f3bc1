using Google.Protobuf;
using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Storage.Postgres;

/// <summary>An instance's failure details in its row: the protocol message in its standard JSON form, readable in SQL.</summary>
internal static class FailureJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static string? Write(P.TaskFailureDetails? failure) => failure is null ? null : JsonFormatter.Default.Format(failure);

    public static P.TaskFailureDetails? Read(string? json) => json is null ? null : Parser.Parse<P.TaskFailureDetails>(json);
}
