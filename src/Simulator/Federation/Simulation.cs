using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Scenarios;

namespace Smo.Simulator.Federation;

/// <summary>
/// The running twin of one scenario: serialises every read and write of the federation state, integrates the
/// workload up to the current simulated time, and can be advanced or reset.
/// </summary>
public sealed class Simulation
{
    /// <summary>Namespaces every apiserver (and the SMO test-bed) has before anyone creates one.</summary>
    public static readonly IReadOnlyList<string> BuiltInNamespaces =
        ["default", "kube-system", "kube-public", "monitoring", SubmarinerBrokerNamespace];

    public const string SubmarinerBrokerNamespace = "submariner-k8s-broker";

    private readonly TimeProvider _time;
    private FederationState _state;

    public Simulation(Scenario scenario, TimeProvider time)
    {
        _time = time;
        _state = Seed(scenario, time, OnObjectStored, OnObjectDeleted);
    }

    /// <summary>
    /// Raised under the federation lock after every object write — API clients' and the twin's controllers' alike —
    /// with a copy of the stored object, as a watch would deliver it; for in-process stand-ins of operators. Handlers
    /// must be quick and must not call back into the simulation. Survives <see cref="Reset"/>.
    /// </summary>
    public event Action<ResourceDefinition, JsonObject>? ObjectStored;

    /// <summary>Raised like <see cref="ObjectStored"/> after every object removal, with a copy of its last state.</summary>
    public event Action<ResourceDefinition, JsonObject>? ObjectDeleted;

    public Scenario Scenario => _state.Scenario;

    public SimulationClock Clock => _state.Clock;

    /// <summary>Runs <paramref name="read"/> under the federation lock, after integrating up to now.</summary>
    public T Read<T>(Func<FederationState, T> read) => Read(read, exact: true);

    /// <summary>
    /// <see cref="Read{T}"/> for the answers of the Kubernetes API, hundreds a second at fleet scale: on the real
    /// clock the state may be up to <see cref="ReadResolution"/> old. Metrics and the control API read exactly, so a
    /// scrape's counters are those of its own moment.
    /// </summary>
    public T ReadRecent<T>(Func<FederationState, T> read) => Read(read, exact: false);

    private T Read<T>(Func<FederationState, T> read, bool exact)
    {
        var state = _state;
        lock (state.Gate)
        {
            CatchUp(state, exact);
            return read(state);
        }
    }

    /// <summary>Runs <paramref name="write"/> under the lock, then lets the controllers react at once.</summary>
    public T Write<T>(Func<FederationState, T> write)
    {
        var state = _state;
        lock (state.Gate)
        {
            CatchUp(state);
            var result = write(state);
            DeploymentReconciler.Reconcile(state, state.Clock.Elapsed);
            return result;
        }
    }

    /// <summary>Integrates the workload up to the current simulated time.</summary>
    public void Tick() => Read(_ => 0);

    /// <summary>Moves simulated time forward (with either clock) and integrates the workload over the gap.</summary>
    public void Advance(TimeSpan by)
    {
        var state = _state;
        lock (state.Gate)
        {
            state.Clock.Advance(by);
            CatchUp(state);
        }
    }

    /// <summary>Starts the scenario over: objects, pods, counters, faults and time.</summary>
    public void Reset()
    {
        var old = _state;
        _state = Seed(old.Scenario, _time, OnObjectStored, OnObjectDeleted);
        // The old store's watches end; their clients list the new one and watch again, as after an apiserver restart.
        lock (old.Gate)
        {
            old.Store.History.Close();
        }
    }

    /// <summary>
    /// On the real clock, a <see cref="ReadRecent{T}"/> integrates the workload only when this much time has passed:
    /// stepping every service before each of hundreds of API reads a second would cost more than the answers.
    /// Writes and exact reads always step to now; the manual clock steps exactly.
    /// </summary>
    private static readonly TimeSpan ReadResolution = TimeSpan.FromMilliseconds(100);

    private static void CatchUp(FederationState state, bool exact = true)
    {
        var now = state.Clock.Elapsed;
        if (!exact && !state.Clock.Manual && now - state.LastStep < ReadResolution)
        {
            return;
        }
        var tick = state.Scenario.Simulation.Tick;
        while (state.LastStep < now)
        {
            var step = now - state.LastStep < tick ? now - state.LastStep : tick;
            var at = state.LastStep + step;
            DeploymentReconciler.Reconcile(state, at);
            WorkloadModel.Step(state, at, step);
            state.LastStep = at;
        }
    }

    private void OnObjectStored(ResourceDefinition type, JsonObject item)
    {
        // Copied only when someone listens: status writes follow every change, and nobody listens outside tests.
        if (ObjectStored is { } handlers)
        {
            handlers(type, (JsonObject)item.DeepClone());
        }
    }

    private void OnObjectDeleted(ResourceDefinition type, JsonObject item)
    {
        if (ObjectDeleted is { } handlers)
        {
            handlers(type, (JsonObject)item.DeepClone());
        }
    }

    private static FederationState Seed(
        Scenario scenario, TimeProvider time, Action<ResourceDefinition, JsonObject> objectStored, Action<ResourceDefinition, JsonObject> objectDeleted)
    {
        var state = new FederationState(scenario, new SimulationClock(time, scenario.Simulation.ManualClock, scenario.Simulation.Start), objectStored, objectDeleted);
        foreach (var ns in BuiltInNamespaces.Concat(scenario.Namespaces).Distinct(StringComparer.Ordinal))
        {
            state.Store.Create(ResourceCatalog.Namespaces, NamespaceObject(ns));
        }
        foreach (var cluster in scenario.Clusters)
        {
            state.Store.Create(ResourceCatalog.SubmarinerClusters, SubmarinerCluster(cluster));
        }
        foreach (var item in scenario.Objects)
        {
            SeedObject(state, item);
        }
        foreach (var fault in scenario.Faults)
        {
            state.Faults.Add(fault, fault.At);
        }
        DeploymentReconciler.Reconcile(state, TimeSpan.Zero);
        return state;
    }

    private static void SeedObject(FederationState state, JsonObject item)
    {
        var type = ResourceCatalog.FindByKind(item.StringAt("apiVersion")!, item.StringAt("kind")!)!;
        var copy = (JsonObject)item.DeepClone();
        var metadata = copy.Child("metadata");
        if (type.Namespaced)
        {
            var ns = metadata.StringAt("namespace") ?? "default";
            metadata["namespace"] = ns;
            if (!state.Store.Exists(ResourceCatalog.Namespaces, null, ns))
            {
                state.Store.Create(ResourceCatalog.Namespaces, NamespaceObject(ns));
            }
        }
        type.Rules?.ApplyDefaults(copy);
        var webhook = type.Rules as IAdmissionRules;
        webhook?.Mutate(copy, stored: null);
        var errors = type.Rules?.Validate(copy) ?? [];
        if (errors.Count > 0)
        {
            throw new ScenarioException($"objects: {type.Kind} \"{metadata.StringAt("name")}\" is invalid: {string.Join("; ", errors)}");
        }
        if (webhook?.Deny(copy, stored: null) is { } denial)
        {
            throw new ScenarioException($"objects: {type.Kind} \"{metadata.StringAt("name")}\" is refused: {denial}");
        }
        state.Store.Create(type, copy);
    }

    public static JsonObject NamespaceObject(string name) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name },
        },
        ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
        ["status"] = new JsonObject { ["phase"] = "Active" },
    };

    /// <summary>The broker's view of a member (submariner.io/v1 Cluster): every spec field present, never omitted.</summary>
    private static JsonObject SubmarinerCluster(ClusterSpec cluster) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = cluster.Name,
            ["namespace"] = SubmarinerBrokerNamespace,
            ["labels"] = new JsonObject { ["submariner-io/clusterID"] = cluster.Name },
        },
        ["spec"] = new JsonObject
        {
            ["cluster_id"] = cluster.Name,
            ["color_codes"] = new JsonArray("blue"),
            ["service_cidr"] = new JsonArray(cluster.ServiceCidr),
            ["cluster_cidr"] = new JsonArray(cluster.PodCidr),
            ["global_cidr"] = new JsonArray(),
        },
    };
}
