using System.Text.Json.Nodes;
using Smo.Simulator.Federation;
using Smo.Simulator.Kubernetes;

namespace Smo.Simulator.Helm;

/// <summary>
/// What the simulated chart renders: one Deployment named by the values' <c>fullnameOverride</c> (as Helm's chart
/// scaffold does; Smo sets it to the service id) or else after the release, labelled and annotated as Helm does,
/// placed on the affinity cluster, with the CPU/memory from the values or the chart defaults.
/// </summary>
public static class ReleaseDeployment
{
    public const string ReleaseNameAnnotation = "meta.helm.sh/release-name";
    public const string ReleaseNamespaceAnnotation = "meta.helm.sh/release-namespace";

    /// <summary>The name of the Deployment the chart renders for <paramref name="release"/>.</summary>
    public static string NameFor(string release, ReleaseValues values) => values.FullnameOverride ?? release;

    public static JsonObject Render(string release, string ns, string chart, ReleaseValues values)
    {
        var name = NameFor(release, values);
        var annotations = new JsonObject
        {
            [ReleaseNameAnnotation] = release,
            [ReleaseNamespaceAnnotation] = ns,
        };
        if (values.Cluster is { } cluster)
        {
            annotations[Placement.ClusterAnnotation] = cluster;
        }
        var selector = new JsonObject { ["app"] = name };
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject
                {
                    ["app"] = name,
                    ["app.kubernetes.io/instance"] = release,
                    ["app.kubernetes.io/managed-by"] = "Helm",
                    ["app.kubernetes.io/name"] = ChartName(chart),
                    ["helm.sh/chart"] = ChartName(chart),
                },
                ["annotations"] = annotations,
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = values.Replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = selector.DeepClone() },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = selector },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = name,
                            ["image"] = $"{ChartName(chart)}:latest",
                            ["ports"] = new JsonArray(new JsonObject { ["name"] = "web", ["containerPort"] = 8080, ["protocol"] = "TCP" }),
                            ["resources"] = Resources(values),
                        }),
                    },
                },
            },
        };
    }

    /// <summary>The chart's name from any chart reference: oci://host/project/name:tag, a path, or repo/name.</summary>
    public static string ChartName(string chart)
    {
        var reference = chart.Contains("://", StringComparison.Ordinal) ? chart[(chart.IndexOf("://", StringComparison.Ordinal) + 3)..] : chart;
        var last = reference.TrimEnd('/').Split('/')[^1];
        var name = last.Split('@')[0].Split(':')[0];
        return name.EndsWith(".tgz", StringComparison.Ordinal) ? name[..^4] : name;
    }

    private static JsonObject Resources(ReleaseValues values)
    {
        var limits = values.Resources?.ObjectAt("limits")?.DeepClone() as JsonObject ?? new JsonObject();
        limits.TryAdd("cpu", ReleaseValues.DefaultCpuLimit);
        limits.TryAdd("memory", ReleaseValues.DefaultMemoryLimit);
        var resources = new JsonObject { ["limits"] = limits };
        if (values.Resources?.ObjectAt("requests") is { } requests)
        {
            resources["requests"] = requests.DeepClone();
        }
        return resources;
    }
}
