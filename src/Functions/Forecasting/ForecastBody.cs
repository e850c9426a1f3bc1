using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Smo.Functions.Http;
using Smo.Store.Forecasts;

namespace Smo.Functions.Forecasting;

/// <summary>
/// The body of <c>PUT /graphs/{name}/services/{service}/forecast</c>: <c>{"points": [{"at": RFC 3339, "rate": number}, ...],
/// "source": "optional name"}</c> — at most <see cref="ForecastingOptions.MaxPushedPoints"/> points at strictly increasing
/// times, rates finite and from 0 to <see cref="MaxRate"/>, not all in the past and none further ahead than
/// <see cref="ForecastingOptions.MaxPushedAhead"/>. Anything else is a 400 saying where and why, before anything is stored.
/// </summary>
public static partial class ForecastBody
{
    /// <summary>Far above any service's rate, and low enough that the scaling model's sums stay finite.</summary>
    public const double MaxRate = 1_000_000_000;

    /// <summary>Characters one point may take in the body, generously: <c>{"at": "2026-03-01T12:00:00.000+01:00", "rate": 123.456}</c> is 60.</summary>
    public const int CharactersPerPoint = 128;

    private const int QuotedLength = 40;

    public const string Description = "A forecast of the service's request rate, replacing the one pushed before: "
        + "{\"points\": [{\"at\": RFC 3339 time, \"rate\": requests per second}, ...], \"source\": optional name of who made it}. "
        + "Times strictly increasing, not all in the past, none further ahead than Smo:Forecasting:MaxPushedAhead; "
        + "at most Smo:Forecasting:MaxPushedPoints points. Scaling under the predictive strategies uses it while its span "
        + "covers the time replicas decided now would be ready, and the built-in forecaster otherwise.";

    private const string Shape = "a JSON object {\"points\": [{\"at\": RFC 3339 time, \"rate\": number}, ...], \"source\": optional string}";

    /// <summary>The longest body a host with these options reads.</summary>
    public static long MaxLength(ForecastingOptions options) => 1024L + ((long)options.MaxPushedPoints * CharactersPerPoint);

    public static (PushedForecast? Forecast, IResult? Problem) Read(JsonElement? body, ForecastingOptions options, DateTimeOffset now)
    {
        if (body is not { ValueKind: JsonValueKind.Object } value)
        {
            return Refused($"The body must be {Shape}.", "body");
        }

        string? source = null;
        JsonElement? points = null;
        foreach (var property in value.EnumerateObject())
        {
            switch (property.Name)
            {
                case "points" when points is null:
                    points = property.Value;
                    break;
                case "source" when source is null:
                    if (property.Value.ValueKind == JsonValueKind.Null)
                    {
                        break;
                    }

                    if (property.Value.ValueKind != JsonValueKind.String || property.Value.GetString() is not { Length: > 0 and <= PushedForecast.MaxSourceLength } named)
                    {
                        return Refused($"The source must be a string of 1 to {PushedForecast.MaxSourceLength} characters.", "body.source");
                    }

                    source = named;
                    break;
                case "points" or "source":
                    return Refused($"'{property.Name}' is given twice.", $"body.{property.Name}");
                default:
                    return Refused($"'{Quoted(property.Name)}' is not a field of a forecast; the fields are points and source.", $"body.{Quoted(property.Name)}");
            }
        }

        if (points is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() == 0)
        {
            return Refused("The points must be a non-empty JSON array of {\"at\": RFC 3339 time, \"rate\": number}.", "body.points");
        }

        if (array.GetArrayLength() > options.MaxPushedPoints)
        {
            return Refused($"The forecast has {array.GetArrayLength()} points; at most {options.MaxPushedPoints} are allowed (Smo:Forecasting:MaxPushedPoints).", "body.points");
        }

        var read = new List<ForecastPoint>(array.GetArrayLength());
        foreach (var (item, index) in array.EnumerateArray().Select((item, index) => (item, index)))
        {
            var (point, problem) = Point(item, $"body.points[{index}]");
            if (problem is not null)
            {
                return (null, problem);
            }

            if (index > 0 && point.At <= read[^1].At)
            {
                return Refused($"Point {index} is at {Format(point.At)}, not after point {index - 1} at {Format(read[^1].At)}: times must increase strictly.", $"body.points[{index}].at");
            }

            read.Add(point);
        }

        if (read[^1].At <= now)
        {
            return Refused($"Every point is in the past (the last is at {Format(read[^1].At)}, now is {Format(now)}); a forecast must reach beyond now.", "body.points");
        }

        if (read[^1].At > now + options.MaxPushedAhead)
        {
            return Refused($"The last point is at {Format(read[^1].At)}, further ahead than {options.MaxPushedAhead.TotalDays:0.###} days from now (Smo:Forecasting:MaxPushedAhead).",
                $"body.points[{read.Count - 1}].at");
        }

        return (new PushedForecast(source, read), null);
    }

    private static (ForecastPoint Point, IResult? Problem) Point(JsonElement item, string where)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return (default, Problems.BadRequest("A point must be a JSON object {\"at\": RFC 3339 time, \"rate\": number}.", where));
        }

        DateTimeOffset? at = null;
        double? rate = null;
        foreach (var property in item.EnumerateObject())
        {
            switch (property.Name)
            {
                case "at" when at is null:
                    if (property.Value.ValueKind != JsonValueKind.String || Time(property.Value.GetString()!) is not { } time)
                    {
                        return (default, Problems.BadRequest($"'at' must be an RFC 3339 time with its offset, such as 2026-03-01T12:00:00Z; it is {Quoted(property.Value.GetRawText())}.", $"{where}.at"));
                    }

                    at = time;
                    break;
                case "rate" when rate is null:
                    if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var number) || !double.IsFinite(number) || number is < 0 or > MaxRate)
                    {
                        return (default, Problems.BadRequest($"'rate' must be a number of requests per second from 0 to {MaxRate:0}; it is {Quoted(property.Value.GetRawText())}.", $"{where}.rate"));
                    }

                    rate = number;
                    break;
                case "at" or "rate":
                    return (default, Problems.BadRequest($"'{property.Name}' is given twice.", $"{where}.{property.Name}"));
                default:
                    return (default, Problems.BadRequest($"'{Quoted(property.Name)}' is not a field of a point; the fields are at and rate.", $"{where}.{Quoted(property.Name)}"));
            }
        }

        return at is { } when && rate is { } value
            ? (new ForecastPoint(when, value), null)
            : (default, Problems.BadRequest($"A point needs both 'at' and 'rate'; it lacks '{(at is null ? "at" : "rate")}'.", where));
    }

    /// <summary>An RFC 3339 date-time: a full date and time with seconds, optional fraction, and a Z or numeric offset.</summary>
    private static DateTimeOffset? Time(string text) =>
        Rfc3339().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time.ToUniversalTime() : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})\z")]
    private static partial Regex Rfc3339();

    private static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>The start of <paramref name="text"/>, whole characters only: a lone surrogate cannot be written as JSON.</summary>
    private static string Quoted(string text)
    {
        var runes = text.EnumerateRunes().Take(QuotedLength + 1).ToList();
        return string.Concat(runes.Take(QuotedLength)) + (runes.Count > QuotedLength ? "…" : "");
    }

    private static (PushedForecast?, IResult?) Refused(string detail, string where) => (null, Problems.BadRequest(detail, where));
}
