using System.Text.Json.Nodes;

namespace Smo.Simulator.Tests.Infrastructure;

/// <summary>A policy.karmada.io/v1alpha1 PropagationPolicy body selecting Deployments by name, Divided by static weights when given.</summary>
public sealed class PolicyBuilder(string name)
{
    private readonly List<string> _deployments = [];
    private readonly List<(string Cluster, long Weight)> _weights = [];
    private string[]? _clusters;
    private int? _priority;
    private bool _preempting;
    private bool _duplicated;

    public PolicyBuilder Selecting(params string[] deployments)
    {
        _deployments.AddRange(deployments);
        return this;
    }

    /// <summary>Divided/Weighted over these clusters (the affinity too, unless <see cref="On"/> says otherwise).</summary>
    public PolicyBuilder Weights(params (string Cluster, long Weight)[] weights)
    {
        _weights.AddRange(weights);
        return this;
    }

    public PolicyBuilder On(params string[] clusters)
    {
        _clusters = clusters;
        return this;
    }

    public PolicyBuilder Duplicated()
    {
        _duplicated = true;
        return this;
    }

    public PolicyBuilder Priority(int priority)
    {
        _priority = priority;
        return this;
    }

    public PolicyBuilder Preempting()
    {
        _preempting = true;
        return this;
    }

    public JsonObject Build()
    {
        var placement = new JsonObject
        {
            ["clusterAffinity"] = new JsonObject
            {
                ["clusterNames"] = new JsonArray([.. (_clusters ?? [.. _weights.Select(w => w.Cluster)]).Select(c => (JsonNode)c)]),
            },
        };
        if (_duplicated)
        {
            placement["replicaScheduling"] = new JsonObject { ["replicaSchedulingType"] = "Duplicated" };
        }
        else if (_weights.Count > 0)
        {
            placement["replicaScheduling"] = new JsonObject
            {
                ["replicaSchedulingType"] = "Divided",
                ["replicaDivisionPreference"] = "Weighted",
                ["weightPreference"] = new JsonObject
                {
                    ["staticWeightList"] = new JsonArray([.. _weights.Select(w => (JsonNode)new JsonObject
                    {
                        ["targetCluster"] = new JsonObject { ["clusterNames"] = new JsonArray(w.Cluster) },
                        ["weight"] = w.Weight,
                    })]),
                },
            };
        }
        var spec = new JsonObject
        {
            ["resourceSelectors"] = new JsonArray([.. _deployments.Select(d => (JsonNode)new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = d,
            })]),
            ["placement"] = placement,
        };
        if (_priority is { } priority)
        {
            spec["priority"] = priority;
        }
        if (_preempting)
        {
            spec["preemption"] = "Always";
        }
        return new JsonObject
        {
            ["apiVersion"] = "policy.karmada.io/v1alpha1",
            ["kind"] = "PropagationPolicy",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "demo" },
            ["spec"] = spec,
        };
    }

    public string Json() => Build().ToJsonString();
}
