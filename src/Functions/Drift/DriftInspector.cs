using System.Collections.Concurrent;
using Smo.Adapters;
using Smo.Adapters.Helm;
using Smo.Adapters.Karmada;
using Smo.Adapters.PrometheusRules;
using Smo.Functions.Alerts;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Installs;
using Smo.Functions.Scaling;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;

namespace Smo.Functions.Drift;

/// <summary>
/// What of a running graph was changed outside Smo, found with three requests whatever its size, made at once: one
/// <c>helm list</c> of its releases (missing, or at a revision Smo's installs did not make), one list of its
/// namespace's ResourceBindings (a Deployment Karmada scheduled off its placement) and one read of its
/// PrometheusRule (Smo's rules missing or edited). A check that fails is reported as not made; the others stand. A
/// host without Karmada or Prometheus configured has no placement or rules there to drift, and skips those checks.
/// </summary>
public sealed class DriftInspector(
    IHelmRunner helm, GraphDefaults defaults, TimeProvider time, IKarmadaResourceBindings? bindings = null, IAlertRules? alertRules = null)
{
    /// <summary>Rules an event names one by one; the rest are counted.</summary>
    private const int NamedRules = 10;

    public async Task<DriftReport> InspectAsync(GraphRecord graph, CancellationToken cancellationToken)
    {
        var installed = ScaleGraphActivity.ScaledServices(graph).ToList();
        var notChecked = new ConcurrentQueue<string>();
        var releases = CheckAsync("Helm releases", () => ReleasesAsync(graph, installed, cancellationToken), [], notChecked);
        var placement = CheckAsync("placement", () => PlacementAsync(graph, installed, cancellationToken), [], notChecked);
        var rules = CheckAsync("alert rules", () => RulesAsync(graph, cancellationToken), null, notChecked);
        await Task.WhenAll(releases, placement, rules);
        return new DriftReport([.. await releases, .. await placement], await rules, [.. notChecked], defaults.DriftCheckInterval);
    }

    /// <summary>Helm release missing (or uninstalled with its history kept), or at a revision Smo's last install did not make.</summary>
    private async Task<IReadOnlyList<ServiceDrift>> ReleasesAsync(GraphRecord graph, IReadOnlyList<ServiceRecord> installed, CancellationToken cancellationToken)
    {
        var releases = installed.ToDictionary(s => ReleaseNames.For(graph.Name, s.Name), StringComparer.Ordinal);
        var listed = (await helm.ListAsync([.. releases.Keys], graph.Project, cancellationToken)).ToDictionary(r => r.Name, StringComparer.Ordinal);
        var drift = new List<ServiceDrift>();
        foreach (var (release, service) in releases)
        {
            if (!listed.TryGetValue(release, out var found) || found.Status is "uninstalled" or "uninstalling")
            {
                drift.Add(new ServiceDrift(service.Name, DriftKind.ReleaseMissing, $"the Helm release {release} of {service.Name} was gone (uninstalled outside Smo)"));
            }
            else if (!found.Status.StartsWith("pending-", StringComparison.Ordinal) && service.HelmRevision is { } ours && found.Revision != ours)
            {
                // A release another operation is still changing is judged at the next check; one Smo installed before it
                // remembered revisions is not judged until Smo installs it again.
                drift.Add(new ServiceDrift(service.Name, DriftKind.ReleaseChanged,
                    $"the Helm release {release} of {service.Name} was at revision {found.Revision} ({found.Status}), not at {ours} as Smo's last install left it (changed outside Smo)"));
            }
        }

        return drift;
    }

    /// <summary>A Deployment Karmada has scheduled on a cluster other than its service's placement.</summary>
    private async Task<IReadOnlyList<ServiceDrift>> PlacementAsync(GraphRecord graph, IReadOnlyList<ServiceRecord> installed, CancellationToken cancellationToken)
    {
        if (bindings is null)
        {
            return [];
        }

        var bound = await bindings.ListClusterReplicasAsync(graph.Project, cancellationToken);
        var now = time.GetUtcNow();
        var drift = new List<ServiceDrift>();
        // A divided service's placement is Smo's own PropagationPolicy, which every tick applies again (make-before-break
        // keeps old shares on purpose): it is not judged here.
        foreach (var service in installed.Where(s => s.Division is null))
        {
            // Just installed or moved, Karmada may not have scheduled it anew yet; not bound or not scheduled is no placement.
            var clusters = bound.GetValueOrDefault(service.Name)?.Where(c => c.Scheduled > 0).Select(c => c.Cluster).ToList() ?? [];
            if (now - service.RolloutAt < defaults.PodStartDelay || clusters.Count == 0)
            {
                continue;
            }

            if (clusters.Any(cluster => cluster != service.Cluster))
            {
                drift.Add(new ServiceDrift(service.Name, DriftKind.Misplaced,
                    $"Karmada had scheduled {service.Name} on {string.Join(", ", clusters)}, not on its placement {service.Cluster} (its ResourceBinding)"));
            }
        }

        return drift;
    }

    /// <summary>Smo's alert rules of the graph missing from its PrometheusRule, or changed; null when they are in place.</summary>
    private async Task<string?> RulesAsync(GraphRecord graph, CancellationToken cancellationToken)
    {
        var rules = GraphAlertRules.Of(graph);
        if (rules.Count == 0 || alertRules is null)
        {
            return null;
        }

        var drift = await alertRules.DriftAsync(rules, cancellationToken);
        var where = $"the graph's PrometheusRule {PrometheusRuleAlertRules.ObjectName(graph.Name)}";
        return drift.InPlace
            ? null
            : string.Join("; ", new[]
            {
                drift.Missing.Count > 0 ? $"alert rules {Names(drift.Missing)} were missing from {where}" : null,
                drift.Changed.Count > 0 ? $"alert rules {Names(drift.Changed)} were changed in {where} outside Smo" : null,
            }.OfType<string>());
    }

    private static string Names(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(NamedRules)) + (names.Count > NamedRules ? $" and {names.Count - NamedRules} more" : "");

    /// <summary>Runs one check; a failure of the system it reads is noted as a check not made, and its finding is <paramref name="none"/>.</summary>
    private static async Task<T> CheckAsync<T>(string what, Func<Task<T>> check, T none, ConcurrentQueue<string> notChecked)
    {
        try
        {
            return await check();
        }
        catch (AdapterException failure)
        {
            notChecked.Enqueue($"{what}: {failure.Message}");
            return none;
        }
    }
}
