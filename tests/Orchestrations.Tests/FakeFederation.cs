using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Smo.Orchestrations.Graphs;

namespace Smo.Orchestrations.Tests;

/// <summary>
/// Stands in for the graph activities: records every call in order and answers as a test sets it up, so the
/// orchestration's logic is checked on its own (the activities have their own tests against the real systems).
/// </summary>
public sealed class FakeFederation
{
    private readonly ConcurrentQueue<(string Activity, object? Input)> _calls = new();
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new();

    /// <summary>The install waves: one wave of a and b unless a test says otherwise.</summary>
    public IReadOnlyList<IReadOnlyList<string>> ServicesToInstall { get; set; } = [["a", "b"]];

    public ConcurrentDictionary<string, bool> Installed { get; } = new();

    /// <summary>How long an install of a service takes (none unless set), to tell parallel installs from ordered ones.</summary>
    public ConcurrentDictionary<string, TimeSpan> InstallTimes { get; } = new();

    /// <summary>For each installed service, the services already installed when its install began.</summary>
    public ConcurrentDictionary<string, string[]> InstalledBefore { get; } = new();

    public Func<PlacementRequest, PlacementOutcome> Place { get; set; } = _ => new PlacementOutcome(true, [], "Optimal.");

    public Func<ScalingRequest, ScalingOutcome> Scale { get; set; } = _ => new ScalingOutcome(true, false, [], "Nothing changes.");

    public bool PlacementAffected { get; set; }

    /// <summary>What a drift check finds: nothing, and the next check due in an hour, unless a test says otherwise.</summary>
    public Func<string, DriftReport> Drift { get; set; } = _ => new DriftReport([], null, [], TimeSpan.FromHours(1));

    /// <summary>What an update's plan says (nothing to apply unless a test says otherwise).</summary>
    public GraphUpdatePlan UpdatePlan { get; set; } = GraphUpdatePlan.Refused(0, "version 0 is not waiting to be applied.");

    /// <summary>The installed services' fingerprints once the version's rows are stored (the plan's, unchanged, unless a test says otherwise).</summary>
    public Func<IReadOnlyDictionary<string, string>>? FingerprintsNow { get; set; }

    public IReadOnlyList<(string Activity, object? Input)> Calls => [.. _calls];

    public IEnumerable<T> InputsOf<T>(string activity) => Calls.Where(c => c.Activity == activity).Select(c => (T)c.Input!);

    public int Count(string activity) => Calls.Count(c => c.Activity == activity);

    public IEnumerable<GraphStatusChange> Statuses => InputsOf<GraphStatusChange>(GraphActivities.SetGraphStatus);

    public IEnumerable<GraphEvent> Events => InputsOf<GraphEvent>(GraphActivities.RecordGraphEvent);

    /// <summary>What the graph reported held by failed clusters, each time it changed.</summary>
    public IEnumerable<GraphDegradation> Degradations => InputsOf<GraphDegradation>(GraphActivities.SettleDegraded);

    /// <summary>Makes the next <paramref name="times"/> calls of an activity throw with <paramref name="message"/>.</summary>
    public void Fail(string activity, int times, string message = "boom")
    {
        _failuresLeft[activity] = times;
        FailureMessage = message;
    }

    public string FailureMessage { get; private set; } = "boom";

    public void Register(DurableTaskRegistry registry)
    {
        Add<PlacementRequest, PlacementOutcome>(registry, GraphActivities.PlaceGraph, r => Place(r));
        Add<StrategyAdoption, bool>(registry, GraphActivities.AdoptStrategy, _ => true);
        Add<string, int>(registry, GraphActivities.EnsureAlertRules, _ => 1);
        Add<string, object?>(registry, GraphActivities.PublishDashboards, _ => null);
        Add<string, IReadOnlyList<IReadOnlyList<string>>>(registry, GraphActivities.ServicesToInstall, _ => ServicesToInstall);
        Add<string, IReadOnlyList<string>>(registry, GraphActivities.InstalledServices, _ => [.. Installed.Where(p => p.Value).Select(p => p.Key).Order()]);
        Add<ServiceRef, object?>(registry, GraphActivities.InstallService, Install);
        Add<ServiceRef, bool>(registry, GraphActivities.DeployConditionalService, s => InstallOnce(s.Service));
        Add<ServiceRef, object?>(registry, GraphActivities.UninstallService, s => { Installed[s.Service] = false; return null; });
        Add<ServiceRef, bool>(registry, GraphActivities.UninstallConditionalService, s => UninstallIfInstalled(s.Service));
        Add<string, object?>(registry, GraphActivities.RemoveAlertRules, _ => null);
        Add<ScalingRequest, ScalingOutcome>(registry, GraphActivities.ScaleGraph, r => Scale(r));
        Add<string, bool>(registry, GraphActivities.PlacementAffected, _ => PlacementAffected);
        Add<GraphDegradation, bool>(registry, GraphActivities.SettleDegraded, _ => true);
        Add<string, DriftReport>(registry, GraphActivities.CheckDrift, graph => Drift(graph));
        Add<GraphStatusChange, object?>(registry, GraphActivities.SetGraphStatus, _ => null);
        Add<GraphEvent, object?>(registry, GraphActivities.RecordGraphEvent, _ => null);
        Add<string, int>(registry, GraphActivities.DeleteDashboards, _ => 3);
        Add<string, object?>(registry, GraphActivities.DeleteGraph, _ => null);
        Add<GraphVersionRef, GraphUpdatePlan>(registry, GraphUpdateActivities.PlanGraphUpdate, _ => UpdatePlan);
        Add<VersionStoreRequest, bool>(registry, GraphUpdateActivities.StoreGraphVersion, _ => true);
        Add<string, IReadOnlyDictionary<string, string>>(registry, GraphUpdateActivities.ServiceFingerprints, _ => FingerprintsNow?.Invoke() ?? UpdatePlan.Fingerprints);
        Add<ServicesRef, bool>(registry, GraphUpdateActivities.RemoveServices, _ => true);
        Add<ServiceRevision, bool>(registry, GraphUpdateActivities.RollbackService, _ => true);
        Add<VersionOutcome, bool>(registry, GraphUpdateActivities.SettleGraphVersion, _ => true);
    }

    private object? Install(ServiceRef service)
    {
        InstalledBefore[service.Service] = [.. Installed.Where(p => p.Value).Select(p => p.Key).Order()];
        if (InstallTimes.TryGetValue(service.Service, out var time))
        {
            Thread.Sleep(time);
        }

        Installed[service.Service] = true;
        return null;
    }

    /// <summary>True when the service was not installed and now is; false for a repeat.</summary>
    private bool InstallOnce(string service)
    {
        var wasInstalled = Installed.TryGetValue(service, out var installed) && installed;
        Installed[service] = true;
        return !wasInstalled;
    }

    /// <summary>True when the service was installed and now is not.</summary>
    private bool UninstallIfInstalled(string service)
    {
        var wasInstalled = Installed.TryGetValue(service, out var installed) && installed;
        Installed[service] = false;
        return wasInstalled;
    }

    private void Add<TIn, TOut>(DurableTaskRegistry registry, string name, Func<TIn, TOut> answer) =>
        registry.AddActivityFunc<TIn, TOut>(name, (_, input) =>
        {
            _calls.Enqueue((name, input));
            if (_failuresLeft.TryGetValue(name, out var left) && left > 0)
            {
                _failuresLeft[name] = left - 1;
                throw new InvalidOperationException(FailureMessage);
            }

            return answer(input);
        });
}
