using System.Text.Json.Nodes;
using Smo.Simulator.Federation;
using Smo.Simulator.Scenarios;

namespace Smo.Adapters.Tests.Infrastructure;

/// <summary>
/// Builds the simulator scenario of an adapter test: clusters, Deployments placed on them, other objects and faults.
/// The clock is manual (nothing changes unless the test says so) and pods are ready as soon as they are scheduled,
/// unless <see cref="PodStartDelay"/> says otherwise.
/// </summary>
public sealed class FederationScenario
{
    /// <summary>The graph namespace the tests' Deployments live in.</summary>
    public const string Namespace = "demo";

    private readonly JsonArray _clusters = [];
    private readonly JsonArray _objects = [];
    private readonly JsonArray _faults = [];
    private string _podStartDelay = "0s";

    public FederationScenario Cluster(string name, string cpu = "4", string memory = "8Gi", int gpus = 0, string region = "athens",
        string zone = "athens-a", JsonObject? labels = null, JsonObject? network = null)
    {
        var cluster = new JsonObject
        {
            ["name"] = name, ["region"] = region, ["zone"] = zone, ["cpu"] = cpu, ["memory"] = memory, ["gpus"] = gpus,
            ["energy"] = new JsonObject { ["pue"] = 1, ["idleWattsPerCore"] = 1, ["maxWattsPerCore"] = 2 },
            ["carbonIntensity"] = 100,
        };
        if (labels is not null)
        {
            cluster["labels"] = labels;
        }

        if (network is not null)
        {
            cluster["network"] = network;
        }

        _clusters.Add(cluster);
        return this;
    }

    /// <summary>A Deployment in <see cref="Namespace"/> placed on <paramref name="cluster"/>; a container's CPU and memory are its limits (null = none).</summary>
    public FederationScenario Deployment(string name, int replicas, string cluster, params (string Container, string? Cpu, string? Memory)[] containers)
    {
        _objects.Add(new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject
            {
                ["name"] = name, ["namespace"] = Namespace,
                ["annotations"] = new JsonObject { [Placement.ClusterAnnotation] = cluster },
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(containers.Select(Container).ToArray()) },
                },
            },
        });
        return this;
    }

    public FederationScenario Object(JsonObject item)
    {
        _objects.Add(item);
        return this;
    }

    /// <summary>How long a scheduled pod takes to be ready (0 s unless a test watches replicas start).</summary>
    public FederationScenario PodStartDelay(string delay)
    {
        _podStartDelay = delay;
        return this;
    }

    /// <summary>A fault as /sim/faults takes it, in force from the start.</summary>
    public FederationScenario Fault(JsonObject fault)
    {
        _faults.Add(fault);
        return this;
    }

    // JSON is YAML, so the scenario parser reads the builder's document as it is.
    public Scenario Build() => ScenarioParser.Parse(new JsonObject
    {
        ["name"] = "adapter-test",
        ["simulation"] = new JsonObject { ["clock"] = "manual", ["podStartDelay"] = _podStartDelay },
        ["clusters"] = _clusters.DeepClone(),
        ["faults"] = _faults.DeepClone(),
        ["namespaces"] = new JsonArray(Namespace),
        ["objects"] = _objects.DeepClone(),
    }.ToJsonString(), "adapter test scenario");

    private static JsonNode Container((string Name, string? Cpu, string? Memory) container)
    {
        var limits = new JsonObject();
        if (container.Cpu is not null)
        {
            limits["cpu"] = container.Cpu;
        }

        if (container.Memory is not null)
        {
            limits["memory"] = container.Memory;
        }

        return new JsonObject
        {
            ["name"] = container.Name,
            ["image"] = $"registry.example/{container.Name}:1",
            ["resources"] = limits.Count == 0 ? new JsonObject() : new JsonObject { ["limits"] = limits },
        };
    }
}
