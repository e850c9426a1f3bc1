using System.Text.Json.Nodes;
using Smo.Simulator.Federation;

namespace Smo.Simulator.Tests.Infrastructure;

/// <summary>A valid apps/v1 Deployment body, placed on a cluster through the simulator's placement annotation.</summary>
public sealed class DeploymentBuilder(string name)
{
    private string? _cluster;
    private int _replicas = 1;
    private string _cpu = "500m";
    private string _namespace = "demo";

    /// <summary>The placement annotation (the chart's cluster); without it only a PropagationPolicy places the Deployment.</summary>
    public DeploymentBuilder On(string cluster)
    {
        _cluster = cluster;
        return this;
    }

    public DeploymentBuilder Replicas(int replicas)
    {
        _replicas = replicas;
        return this;
    }

    public DeploymentBuilder Cpu(string cpu)
    {
        _cpu = cpu;
        return this;
    }

    public DeploymentBuilder InNamespace(string ns)
    {
        _namespace = ns;
        return this;
    }

    public JsonObject Build()
    {
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = _namespace,
            ["labels"] = new JsonObject { ["app"] = name },
        };
        if (_cluster is not null)
        {
            metadata["annotations"] = new JsonObject { [Placement.ClusterAnnotation] = _cluster };
        }
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["replicas"] = _replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = name,
                            ["image"] = "nginx:1.27",
                            ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = _cpu, ["memory"] = "256Mi" } },
                        }),
                    },
                },
            },
        };
    }

    public string Json() => Build().ToJsonString();
}
