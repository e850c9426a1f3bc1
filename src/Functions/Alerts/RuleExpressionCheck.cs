using Smo.Adapters;
using Smo.Adapters.Prometheus;
using Smo.Hdag;
using Smo.Hdag.Parsing;
using Smo.Hdag.Translation;

namespace Smo.Functions.Alerts;

/// <summary>
/// Puts every PromQL expression of a descriptor (trigger events, policies) through Prometheus's own parser before
/// the graph is stored: an expression Prometheus cannot parse would otherwise reach its rule files, where a rule
/// that does not load is a condition that never fires.
/// </summary>
/// <param name="prometheus">Absent when no Prometheus is configured: a graph with rules is then refused.</param>
public sealed class RuleExpressionCheck(IPromQlCheck? prometheus = null)
{
    /// <summary>The expressions Prometheus refused, each at its descriptor path with the parser's message.</summary>
    /// <exception cref="RuleCheckUnavailableException">There is no Prometheus to ask, or it could not be asked.</exception>
    public async Task<IReadOnlyList<HdagDiagnostic>> ErrorsAsync(HdaGraph graph, CancellationToken cancellationToken)
    {
        var expressions = RuleExpressions.Of(graph);
        if (expressions.Count == 0)
        {
            return [];
        }

        if (prometheus is null)
        {
            throw new RuleCheckUnavailableException(
                $"The descriptor has alert rules (PromQL) and this host has no Prometheus to check and run them ({PrometheusOptions.Section}:BaseUrl).");
        }

        var errors = new List<HdagDiagnostic>();
        // Graphs repeat one condition across services: each distinct expression is asked once.
        foreach (var same in expressions.GroupBy(e => e.Expression, StringComparer.Ordinal))
        {
            string? message;
            try
            {
                message = await prometheus.ParseErrorAsync(same.Key, cancellationToken);
            }
            catch (AdapterException failure)
            {
                throw new RuleCheckUnavailableException($"The descriptor's PromQL could not be checked: {failure.Message}");
            }

            if (message is not null)
            {
                errors.AddRange(same.Select(e => new HdagDiagnostic(e.Path, null, $"PromQL that Prometheus does not parse ({message})", "a PromQL expression")));
            }
        }

        return errors;
    }
}

/// <summary>The descriptor's PromQL could not be checked; nothing may be stored until it can be.</summary>
public sealed class RuleCheckUnavailableException(string message) : Exception(message);
