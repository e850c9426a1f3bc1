using System.Text.Json;
using System.Text.RegularExpressions;

namespace Smo.Store.Events;

/// <summary>One entry of the progress and audit log shown in a graph's status.</summary>
/// <param name="Graph">Null for federation-wide events, e.g. an inventory change.</param>
/// <param name="Service">The service the event concerns, if one; needs a graph.</param>
/// <param name="Kind">A dotted lower-case tag readers can filter on, e.g. <c>deploy.helm-installed</c>.</param>
/// <param name="Data">Details as JSON, if any.</param>
public sealed partial record NewEvent(string? Graph, string? Service, string Kind, string Message, JsonElement? Data = null)
{
    public const int MaxKindLength = 100;

    internal void Validate(string parameter)
    {
        if (Graph is not null)
        {
            Require.Label(Graph, "The event's graph", parameter);
        }

        if (Service is not null)
        {
            if (Graph is null)
            {
                throw new ArgumentException($"The event names service '{Service}' but no graph; a service event needs its graph.", parameter);
            }

            Require.Label(Service, $"Event of graph '{Graph}': the service name", parameter);
        }

        if (Kind is null || Kind.Length is 0 or > MaxKindLength || !KindPattern().IsMatch(Kind))
        {
            throw new ArgumentException(
                $"The event kind '{Kind}' is not valid: use up to {MaxKindLength} lower-case letters, digits, '-' or '.', starting with a letter.",
                parameter);
        }

        Require.Text(Message, $"Event '{Kind}': the message", parameter);
        if (Data is { ValueKind: JsonValueKind.Undefined })
        {
            throw new ArgumentException($"Event '{Kind}': the data is an undefined JSON value; pass null for none.", parameter);
        }
    }

    [GeneratedRegex(@"^[a-z][a-z0-9.-]*\z")]
    private static partial Regex KindPattern();
}
