using System.Globalization;
using Microsoft.DurableTask.Client;
using Smo.Functions.Http;

namespace Smo.Functions.Durable;

/// <summary>Parses the list/purge query string of the management API, naming the parameter that is wrong.</summary>
public static class InstanceQueryParameters
{
    public const int MaxPageSize = 1_000;

    public static (OrchestrationQuery? Query, IResult? Problem) Parse(IQueryCollection query)
    {
        var from = Date(query, "createdTimeFrom");
        var to = Date(query, "createdTimeTo");
        if ((from.Problem ?? to.Problem) is { } dateProblem)
        {
            return (null, dateProblem);
        }

        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var value in query["runtimeStatus"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(value, ignoreCase: true, out var status) || int.TryParse(value, out _))
            {
                return (null, Problems.BadRequest(
                    $"'{value}' is not a runtime status; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.", "runtimeStatus"));
            }

            statuses.Add(status);
        }

        var pageSize = 100;
        if (query["top"].FirstOrDefault() is { } top
            && (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return (null, Problems.BadRequest($"top must be a whole number from 1 to {MaxPageSize}.", "top"));
        }

        if (query["instanceIdPrefix"].FirstOrDefault() is { } prefix && prefix.Any(char.IsControl))
        {
            return (null, Problems.BadRequest("instanceIdPrefix must not contain control characters.", "instanceIdPrefix"));
        }

        return (new OrchestrationQuery
        {
            CreatedFrom = from.Value,
            CreatedTo = to.Value,
            Statuses = statuses.Count > 0 ? statuses : null,
            InstanceIdPrefix = query["instanceIdPrefix"].FirstOrDefault(),
            PageSize = pageSize,
            FetchInputsAndOutputs = bool.TryParse(query["showInput"].FirstOrDefault(), out var showInput) && showInput,
        }, null);
    }

    private static (DateTimeOffset? Value, IResult? Problem) Date(IQueryCollection query, string name) =>
        query[name].FirstOrDefault() switch
        {
            null or "" => (null, null),
            var text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) => (value, null),
            var text => (null, Problems.BadRequest($"'{text}' is not an ISO 8601 date and time.", name)),
        };
}
