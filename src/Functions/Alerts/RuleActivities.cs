using Microsoft.Azure.Functions.Worker;
using Smo.Adapters.PrometheusRules;
using Smo.Functions.Graphs;
using Smo.Orchestrations.Graphs;

namespace Smo.Functions.Alerts;

/// <summary>The alert rules of the graph's event-triggered services (idempotent: present rules are left as they are).</summary>
public sealed class EnsureAlertRulesActivity(GraphReader reader, IAlertRules rules)
{
    [Function(GraphActivities.EnsureAlertRules)]
    public async Task<int> RunAsync([ActivityTrigger] string input, CancellationToken cancellationToken)
    {
        var graph = await reader.GetAsync(input);
        var all = GraphAlertRules.Of(graph);
        if (all.Count > 0)
        {
            await rules.AddAsync(all);
        }

        return all.Count;
    }
}

public sealed class RemoveAlertRulesActivity(IAlertRules rules)
{
    [Function(GraphActivities.RemoveAlertRules)]
    public Task<bool> RunAsync([ActivityTrigger] string input, CancellationToken cancellationToken) => rules.RemoveAsync(new AlertRuleScope(input));
}
