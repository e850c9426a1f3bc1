using Smo.Solver.Placement;

namespace Smo.Orchestrations.Graphs;

/// <summary>
/// The activities a graph's orchestration calls, by name, with their inputs and outputs. Each is idempotent — a
/// crash after the work but before the checkpoint repeats it — and reads what it needs from the store, so the
/// orchestration's history carries names, not descriptors.
/// </summary>
public static class GraphActivities
{
    /// <summary><see cref="PlacementRequest"/> → <see cref="PlacementOutcome"/>: decide, record the decision, store placement and values.</summary>
    public const string PlaceGraph = nameof(PlaceGraph);

    /// <summary><see cref="StrategyAdoption"/> → nothing: the graph's strategy of that kind and its weights, each change recorded as an event.</summary>
    public const string AdoptStrategy = nameof(AdoptStrategy);

    /// <summary>graph name → number of rules: the alert rules of event-triggered services.</summary>
    public const string EnsureAlertRules = nameof(EnsureAlertRules);

    /// <summary>graph name → nothing: graph and service dashboards.</summary>
    public const string PublishDashboards = nameof(PublishDashboards);

    /// <summary>graph name → service names to install now (not conditional, or stopped after being installed).</summary>
    public const string ServicesToInstall = nameof(ServicesToInstall);

    /// <summary>graph name → service names installed now.</summary>
    public const string InstalledServices = nameof(InstalledServices);

    /// <summary><see cref="ServiceRef"/> → nothing: <c>helm upgrade --install</c> with the stored values; marks it deployed.</summary>
    public const string InstallService = nameof(InstallService);

    /// <summary><see cref="ServiceRef"/> → true if it was installed now, false if already (repeated alert) or unknown.</summary>
    public const string DeployConditionalService = nameof(DeployConditionalService);

    /// <summary><see cref="ServiceRef"/> → nothing: <c>helm uninstall</c>; marks it not deployed.</summary>
    public const string UninstallService = nameof(UninstallService);

    /// <summary>
    /// <see cref="ServiceRef"/> → true if it was installed: <c>helm uninstall</c> of a conditional service whose alerts
    /// resolved; marks it pending again, waiting for its alert as before it fired.
    /// </summary>
    public const string UninstallConditionalService = nameof(UninstallConditionalService);

    /// <summary>graph name → nothing.</summary>
    public const string RemoveAlertRules = nameof(RemoveAlertRules);

    /// <summary><see cref="ScalingRequest"/> → <see cref="ScalingOutcome"/>: read rates, decide, patch replicas, record the decision.</summary>
    public const string ScaleGraph = nameof(ScaleGraph);

    /// <summary>
    /// graph name → <see cref="DriftReport"/>: the drift that is too costly to look for every tick (Helm releases,
    /// Karmada's scheduling, the graph's alert rules); the orchestration repairs what it finds.
    /// </summary>
    public const string CheckDrift = nameof(CheckDrift);

    /// <summary>
    /// graph name → true when a cluster a deployed service uses (its own, or one of its division's) is gone or not ready,
    /// or a service spread over clusters runs on fewer than it asks for while more it may use are ready.
    /// </summary>
    public const string PlacementAffected = nameof(PlacementAffected);

    /// <summary>
    /// <see cref="GraphDegradation"/> → true when it changed anything: the graph Degraded with the services a failed
    /// cluster holds (each kept with when it was first found so), or Running again when none is left; a
    /// <c>degraded</c> event for each service newly held, a <c>recovered</c> event for each one back in service.
    /// </summary>
    public const string SettleDegraded = nameof(SettleDegraded);

    /// <summary><see cref="GraphStatusChange"/> → nothing: the stored status, with the failure reason if any.</summary>
    public const string SetGraphStatus = nameof(SetGraphStatus);

    /// <summary><see cref="GraphEvent"/> → nothing: one line in the graph's event log.</summary>
    public const string RecordGraphEvent = nameof(RecordGraphEvent);

    /// <summary>graph name → how many of its dashboards (its own and its services') Grafana deleted; one already gone is no failure.</summary>
    public const string DeleteDashboards = nameof(DeleteDashboards);

    /// <summary>graph name → nothing: the stored rows, decisions and events; the last step of remove.</summary>
    public const string DeleteGraph = nameof(DeleteGraph);
}

/// <summary>Why a placement is decided; stored with the decision.</summary>
public enum PlacementTrigger
{
    Deploy,
    Api,
    InfeasibleScaling,
    Inventory,
    Strategy,

    /// <summary>An operational policy's alert fired.</summary>
    Policy,

    /// <summary>A cluster's carbon intensity or price changed enough: services that moved within the minimum dwell stay.</summary>
    Carbon,

    /// <summary>An update in place added services: they are placed, the services already placed stay (<see cref="PlacementRequest.KeepPlaced"/>).</summary>
    Update,
}

public sealed record ServiceRef(string Graph, string Service);

/// <param name="Policy">The operational policy whose service must move (<see cref="PlacementTrigger.Policy"/>).</param>
/// <param name="Solver">Time limit, workers and seed of this decision; null: the host's.</param>
public sealed record PlacementRequest(string Graph, PlacementTrigger Trigger, PolicyRef? Policy = null, SolverOptions? Solver = null)
{
    /// <summary>
    /// Services sized by their load, as an overloaded or infeasible scaling tick measured it; the others (and every
    /// service when null) are placed with their desired replicas.
    /// </summary>
    public IReadOnlyDictionary<string, ServiceSizing>? Sizing { get; init; }

    /// <summary>Services that have a cluster stay on it (when it can still hold them): only the others are placed.</summary>
    public bool KeepPlaced { get; init; }
}

/// <param name="Replicas">The replicas its load needs, within its bounds: what a re-placement must find room for.</param>
/// <param name="Running">The replicas holding CPU now (not those stuck Pending): what it gives back where it runs.</param>
public sealed record ServiceSizing(int Replicas, int Running);

/// <summary>An operational policy of one of a graph's services, by id.</summary>
public sealed record PolicyRef(string Service, string Policy);

/// <param name="Placed">Whether a placement was found and stored.</param>
/// <param name="Moved">Installed services whose cluster changed: the ones a re-placement must upgrade.</param>
/// <param name="Reason">The decision's one-line reason (why it failed, when it did).</param>
public sealed record PlacementOutcome(bool Placed, IReadOnlyList<string> Moved, string Reason)
{
    /// <summary>
    /// Installed services left on a cluster that is gone or not available — pinned there, waiting for the operator
    /// (<c>recoveryPolicy: manual_trigger</c>), or where no placement was found — each with why.
    /// </summary>
    public IReadOnlyList<StrandedService> Stranded { get; init; } = [];
}

/// <summary>An installed service on a cluster that is gone or not available (its own, or one of its division's).</summary>
/// <param name="Reason">What is wrong with the cluster, and, once a re-placement has left it there, why.</param>
public sealed record StrandedService(string Service, string Cluster, string Reason)
{
    /// <summary>The same service held by the same cluster, whatever the words.</summary>
    public bool SameAs(StrandedService other) => Service == other.Service && Cluster == other.Cluster;
}

/// <summary>The services of a running graph that failed clusters hold after its last recovery; none: the graph runs whole.</summary>
public sealed record GraphDegradation(string Graph, IReadOnlyList<StrandedService> Services);

/// <summary>What asked for a scaling decision; stored with it.</summary>
public enum ScalingTrigger
{
    /// <summary>The graph's scaling interval came round.</summary>
    Tick,

    /// <summary>The load watch saw a service's request rate outgrow its replicas between ticks.</summary>
    Load,
}

/// <param name="RequestedAt">When the tick was due or the load watch saw the overload: decision latency counts from here.</param>
/// <param name="Trigger">What asked for the decision, as recorded with it.</param>
public sealed record ScalingRequest(string Graph, DateTime RequestedAt, ScalingTrigger Trigger = ScalingTrigger.Tick);

/// <param name="Decided">Whether replica counts were decided (and applied).</param>
/// <param name="NeedsReplacement">The current placement cannot carry the load (overloaded) or run the services (infeasible): re-place.</param>
/// <param name="Changed">Services whose replicas changed.</param>
/// <param name="Missing">Installed services whose Deployment Karmada no longer has (deleted outside Smo): drift to repair.</param>
public sealed record ScalingOutcome(bool Decided, bool NeedsReplacement, IReadOnlyList<string> Changed, string Reason)
{
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>
    /// Installed services on a cluster that the store says is gone or not available, as the tick found them in the
    /// clusters it reads anyway: the orchestration re-places them whether or not it was ever told of the failure.
    /// </summary>
    public IReadOnlyList<StrandedService> Stranded { get; init; } = [];

    /// <summary>Services whose replicas in Karmada were not those Smo last decided (scaled outside Smo): drift to record.</summary>
    public IReadOnlyList<ReplicaDrift> ReplicasDrifted { get; init; } = [];

    /// <summary>A load needed more than the bounds or the clusters allowed: served as far as they allow.</summary>
    public bool Overloaded { get; init; }

    /// <summary>Every decided service sized by its load, for the re-placement <see cref="NeedsReplacement"/> asks for.</summary>
    public IReadOnlyDictionary<string, ServiceSizing> Sizing { get; init; } = new Dictionary<string, ServiceSizing>();

    /// <summary>
    /// Time to the next tick: the scaling strategy's own interval when it has one (smo-original decides every 30 s,
    /// as the original did), else the graph's; null keeps the interval the orchestration has.
    /// </summary>
    public TimeSpan? Interval { get; init; }
}

public sealed record GraphStatusChange(string Graph, string Status, string? Reason = null);

/// <param name="OutlivesGraph">
/// Recorded among the federation's events, so it is still there after the graph's removal deletes the graph's own
/// (the message names the graph).
/// </param>
public sealed record GraphEvent(string Graph, string Kind, string Message, bool OutlivesGraph = false);
