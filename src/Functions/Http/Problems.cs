using Microsoft.Azure.Functions.Worker;
using System.Text.Json;

namespace Smo.Functions.Http;

/// <summary>RFC 7807 problem responses that say what was wrong and where.</summary>
public static class Problems
{
    public static IResult BadRequest(string detail, string where) => Problem(StatusCodes.Status400BadRequest, "The request is not valid.", detail, where);

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found.", detail);

    public static IResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict.", detail);

    public static IResult Gone(string detail) => Problem(StatusCodes.Status410Gone, "The instance has finished.", detail);

    public static IResult PreconditionFailed(string detail) => Problem(StatusCodes.Status412PreconditionFailed, "The instance has not finished.", detail);

    /// <summary>401: the function's level asks for a key the request does not carry.</summary>
    public static IResult KeyRequired(string function, AuthorizationLevel level, string? why = null) => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "A function key is required.",
        detail: $"'{function}' requires a {level.ToString().ToLowerInvariant()} key in the {FunctionKeys.HeaderName} header, as 'Authorization: Bearer <key>', or in the {FunctionKeys.QueryName} query parameter"
            + (why is null ? "." : $"; {why}."));

    /// <summary>405 with the methods that are allowed in <c>Allow</c>.</summary>
    public static IResult MethodNotAllowed(HttpResponse response, string detail, params string[] allowed)
    {
        response.Headers.Allow = string.Join(", ", allowed);
        return Problem(StatusCodes.Status405MethodNotAllowed, "Method not allowed.", detail, "method");
    }

    /// <summary>503: the function needs services that only these settings bring (see <see cref="Hosting.FunctionRequirements"/>).</summary>
    public static IResult NotConfigured(string function, IReadOnlyList<string> settings) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Not configured.",
        detail: $"'{function}' needs {(settings.Count == 1 ? "a setting that is" : "settings that are")} not set: {string.Join(", ", settings)}.",
        extensions: new Dictionary<string, object?> { ["where"] = "settings", ["settings"] = settings });

    private static IResult Problem(int status, string title, string detail, string? where = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title,
            extensions: where is null ? null : new Dictionary<string, object?> { ["where"] = where });

    /// <summary>
    /// Reads an optional JSON body; a body that is not JSON is a 400 naming the position of the error, one over
    /// <paramref name="limit"/> characters (<see cref="RequestBodies.MaxJsonLength"/> unless given) a 413.
    /// </summary>
    public static async Task<(JsonElement? Value, IResult? Problem)> ReadJsonBodyAsync(HttpRequest request, long limit = RequestBodies.MaxJsonLength)
    {
        if (await RequestBodies.ReadAtMostAsync(request, limit) is not { } text)
        {
            return (null, RequestBodies.TooLarge("The body", limit));
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException exception)
        {
            return (null, BadRequest($"The body is not valid JSON: {exception.Message}", $"body (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1})"));
        }
    }
}
