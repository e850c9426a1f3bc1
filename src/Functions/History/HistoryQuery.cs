using System.Globalization;
using System.Text.RegularExpressions;
using Smo.Functions.Http;

namespace Smo.Functions.History;

/// <summary>
/// The query parameters of the history routes, read strictly: each bad value is a 400 naming its parameter as
/// <c>where</c>. Times are RFC 3339 with an offset; lists are comma-separated (or the parameter repeated).
/// </summary>
public static partial class HistoryQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>Longer values are refused unread: no filter of a history needs more.</summary>
    public const int MaxValueLength = 400;

    /// <summary>The most values one list filter takes.</summary>
    public const int MaxListValues = 20;

    public static (int Limit, IResult? Problem) Limit(HttpRequest request)
    {
        if (Value(request, "limit", out var problem) is not { } text)
        {
            return (DefaultLimit, problem);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxLimit
            ? (limit, null)
            : (0, Refuse("limit", $"limit must be a whole number from 1 to {MaxLimit} (default {DefaultLimit})."));
    }

    /// <summary>An RFC 3339 time (<c>2026-03-01T12:00:00Z</c>, <c>…+02:00</c>), or null when the parameter is absent.</summary>
    public static (DateTimeOffset? Time, IResult? Problem) Time(HttpRequest request, string name)
    {
        if (Value(request, name, out var problem) is not { } text)
        {
            return (null, problem);
        }

        return Rfc3339().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? (at.ToUniversalTime(), null)
            : (null, Refuse(name, $"{name} must be an RFC 3339 time with an offset, e.g. 2026-03-01T12:00:00Z."));
    }

    /// <summary>The values of a list filter, each read by <paramref name="parse"/> (false: not one); empty when absent.</summary>
    public static (IReadOnlyList<T> Values, IResult? Problem) List<T>(HttpRequest request, string name, Func<string, (bool Read, T Value)> parse, string expected)
    {
        if (Value(request, name, out var problem) is not { } text)
        {
            return ([], problem);
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > MaxListValues)
        {
            return ([], Refuse(name, $"{name} lists {parts.Length} values; at most {MaxListValues} are taken."));
        }

        var values = new List<T>();
        foreach (var part in parts)
        {
            var (read, value) = parse(part);
            if (!read)
            {
                return ([], Refuse(name, $"{name} '{Shown(part)}' is not {expected}."));
            }

            if (!values.Contains(value))
            {
                values.Add(value);
            }
        }

        return (values, null);
    }

    /// <summary>An enum value by its name or its kebab-case text, in any case (<c>Scaling</c>, <c>infeasible-scaling</c>); never a number.</summary>
    public static (bool Read, T Value) Named<T>(string text) where T : struct, Enum
    {
        var name = text.Replace("-", "", StringComparison.Ordinal);
        foreach (var value in Enum.GetValues<T>())
        {
            if (text.Length <= 64 && NamePattern().IsMatch(text) && string.Equals(value.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                return (true, value);
            }
        }

        return (false, default);
    }

    /// <summary>The names a filter of <typeparamref name="T"/> takes, for the 400's detail.</summary>
    public static string Names<T>() where T : struct, Enum =>
        "one of " + string.Join(", ", Enum.GetNames<T>().Select(n => Regex.Replace(n, "(?<=.)([A-Z])", "-$1").ToLowerInvariant()));

    /// <summary>The parameter's value (repeats joined with commas), or null when absent; a problem when blank or too long.</summary>
    public static string? Value(HttpRequest request, string name, out IResult? problem)
    {
        problem = null;
        if (!request.Query.TryGetValue(name, out var values))
        {
            return null;
        }

        var text = string.Join(',', values.Select(v => v ?? ""));
        if (text.Length > MaxValueLength)
        {
            problem = Refuse(name, $"{name} is {text.Length} characters long; at most {MaxValueLength} are read.");
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            problem = Refuse(name, $"{name} is empty; leave it out to read everything.");
            return null;
        }

        return text.Trim();
    }

    public static IResult Refuse(string name, string why) => Problems.BadRequest(why, $"query: {name}");

    /// <summary>A value as a 400 repeats it: the start of it only.</summary>
    public static string Shown(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})\z")]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z-]*\z")]
    private static partial Regex NamePattern();
}
