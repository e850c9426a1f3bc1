using System.Text.Json.Nodes;
using Smo.Simulator.Faults;
using Smo.Simulator.Helm;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Scenarios;

namespace Smo.Simulator.Federation;

/// <summary>
/// Everything the twin knows, behind one lock: the API objects, what runs where, load, energy, releases, faults.
/// One lock keeps the model simple and every API answer consistent with the simulated federation.
/// </summary>
public sealed class FederationState
{
    /// <param name="objectStored">Told of every object written to <see cref="Store"/>.</param>
    /// <param name="objectDeleted">Told of every object removed from <see cref="Store"/>, with its last state.</param>
    public FederationState(Scenario scenario, SimulationClock clock, Action<ResourceDefinition, JsonObject>? objectStored = null,
        Action<ResourceDefinition, JsonObject>? objectDeleted = null)
    {
        Scenario = scenario;
        Clock = clock;
        Store = new ObjectStore(() => clock.Now, objectStored, objectDeleted);
        Faults = new FaultBoard(scenario.Simulation.Seed);
        Clusters = scenario.Clusters.ToDictionary(c => c.Name, c => new ClusterRuntime(c, clock.Elapsed), StringComparer.Ordinal);
        LastStep = clock.Elapsed;
    }

    public object Gate { get; } = new();

    public Scenario Scenario { get; }

    public SimulationClock Clock { get; }

    public ObjectStore Store { get; }

    public FaultBoard Faults { get; }

    /// <summary>In scenario order.</summary>
    public IReadOnlyDictionary<string, ClusterRuntime> Clusters { get; }

    public Dictionary<(string Namespace, string Name), DeploymentRuntime> Deployments { get; } = [];

    /// <summary>The stored PropagationPolicies, as the twin's detector reads them.</summary>
    public PolicyIndex Policies { get; } = new();

    public Dictionary<string, ServiceLoad> Services { get; } = new(StringComparer.Ordinal);

    /// <summary>Offered load set through the control API; wins over the scenario's shape.</summary>
    public Dictionary<string, double> LoadOverrides { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Namespace, string Name), HelmRelease> Releases { get; } = [];

    public ScaleWriteLog ScaleWrites { get; } = new();

    /// <summary>Simulated time up to which the workload has been integrated.</summary>
    public TimeSpan LastStep { get; set; }

    /// <summary>The simulated wall-clock time the state has been integrated to: "now" inside a read or write.</summary>
    public DateTimeOffset Now => Clock.StartedAt + LastStep;

    public long NextDeploymentOrder { get; set; }

    /// <summary>Deployments with a pod scheduled but not started yet: the only ones whose ready count moves with time alone.</summary>
    public HashSet<DeploymentRuntime> Starting { get; } = [];

    /// <summary>Deployments with pods not scheduled yet, first come first served (by creation order).</summary>
    public SortedSet<DeploymentRuntime> Waiting { get; } = new(Comparer<DeploymentRuntime>.Create((a, b) => a.Order.CompareTo(b.Order)));

    /// <summary>Moves when the set of services changes (a Deployment added or removed, a load override set or cleared).</summary>
    public long ServiceSetVersion { get; private set; }

    public void ServicesChanged() => ServiceSetVersion++;

    /// <summary>The workload model's index of the services, valid while its version is <see cref="ServiceSetVersion"/>.</summary>
    public WorkloadIndex? WorkloadIndex { get; set; }
}
