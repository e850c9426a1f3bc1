using Microsoft.DurableTask;

namespace Smo.Orchestrations.Graphs;

public sealed partial class GraphOrchestrator
{
    private const string DriftRepaired = "drift-repaired";

    /// <summary>Services an event names one by one; the rest are counted, so a fleet-wide drift makes a readable line.</summary>
    private const int NamedPerEvent = 20;

    /// <summary>
    /// Checks what is too costly to look at every tick (<see cref="GraphActivities.CheckDrift"/>: Helm releases,
    /// Karmada's scheduling, the alert rules) and repairs it together with the Deployments a tick found gone: each
    /// drifted service is installed again with Smo's values (<c>helm upgrade --install</c>, which also restores its
    /// placement), the alert rules are written again, and each repair is recorded. A failed repair or check is a
    /// warning and the loop goes on; the next check finds what is still wrong.
    /// </summary>
    private static async Task<GraphLifecycle> CheckDriftAsync(TaskOrchestrationContext context, GraphLifecycle state, IReadOnlyList<string> missingDeployments)
    {
        Report(context, state, "drift check");
        DriftReport? report = null;
        try
        {
            report = await context.CallActivityAsync<DriftReport>(GraphActivities.CheckDrift, state.Graph, Tick);
        }
        catch (TaskFailedException failure)
        {
            await RecordAsync(context, state, "warning", $"Drift check failed: {Reason(failure)}");
        }

        var repairs = missingDeployments
            .Select(service => new ServiceDrift(service, DriftKind.DeploymentMissing, $"the Deployment of {service} was gone from Karmada (deleted outside Smo)"))
            .Concat(report?.Services ?? [])
            .GroupBy(drift => drift.Service, StringComparer.Ordinal)
            .Select(drift => RepairServiceAsync(context, state, [.. drift]))
            .ToList();
        if (report?.Rules is { } rules)
        {
            repairs.Add(RepairRulesAsync(context, state, rules));
        }

        repairs.AddRange((report?.Unchecked ?? []).Select(why => RecordAsync(context, state, "warning", $"Drift not checked: {why}")));
        await Task.WhenAll(repairs);
        return state with { DriftCheckedAt = context.CurrentUtcDateTime, DriftCheckInterval = report?.Interval ?? state.DriftCheckInterval };
    }

    private static async Task RepairServiceAsync(TaskOrchestrationContext context, GraphLifecycle state, IReadOnlyList<ServiceDrift> drift)
    {
        var found = Capitalised(string.Join("; ", drift.Select(d => d.Finding)));
        try
        {
            await context.CallActivityAsync(GraphActivities.InstallService, new ServiceRef(state.Graph, drift[0].Service), External);
            await RecordAsync(context, state, DriftRepaired, $"{found}; {RepairOf(drift)}.");
        }
        catch (TaskFailedException failure)
        {
            await RecordAsync(context, state, "warning", $"{found}; not repaired: {Reason(failure)}");
        }
    }

    /// <summary>Every repair is the same helm upgrade --install; what it amounts to depends on what was wrong.</summary>
    private static string RepairOf(IReadOnlyList<ServiceDrift> drift) =>
        drift.Any(d => d.Kind is DriftKind.DeploymentMissing or DriftKind.ReleaseMissing) ? "reinstalled with Smo's Helm values"
        : drift.Any(d => d.Kind == DriftKind.ReleaseChanged) ? "upgraded back to Smo's Helm values"
        : "Smo's Helm values applied again (helm upgrade), which puts it back on its placement";

    private static async Task RepairRulesAsync(TaskOrchestrationContext context, GraphLifecycle state, string found)
    {
        try
        {
            await context.CallActivityAsync(GraphActivities.EnsureAlertRules, state.Graph, External);
            await RecordAsync(context, state, DriftRepaired, $"{Capitalised(found)}; written again.");
        }
        catch (TaskFailedException failure)
        {
            await RecordAsync(context, state, "warning", $"{Capitalised(found)}; not repaired: {Reason(failure)}");
        }
    }

    /// <summary>Replicas scaled outside Smo, as the tick found and decided them, in one event.</summary>
    private static Task RecordReplicaDriftAsync(TaskOrchestrationContext context, GraphLifecycle state, IReadOnlyList<ReplicaDrift> drift)
    {
        var named = drift.Take(NamedPerEvent).Select(d =>
            $"Replicas of {d.Service} were changed outside Smo: Smo decided {d.Decided}, Karmada had {d.Found}; decided anew: {d.DecidedAnew}.");
        var more = drift.Count > NamedPerEvent ? $" And {drift.Count - NamedPerEvent} more services." : "";
        return RecordAsync(context, state, DriftRepaired, string.Join(" ", named) + more);
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
