using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Smo.Adapters.Tests.Infrastructure;

/// <summary>
/// A Kubernetes API server subset with the wire shapes of protocols.md: Karmada clusters, Deployments with the
/// scale subresource (merge patch only; any other content type is 415), and PrometheusRules whose replace
/// demands the current resourceVersion (stale → 409 Conflict, missing → 422). Faults can be queued per request.
/// </summary>
public sealed class FakeKubernetes : IAsyncDisposable
{
    private InTestServer _server = null!;
    private long _resourceVersion = 1000;

    private FakeKubernetes()
    {
    }

    public Uri BaseUrl => _server.BaseUrl;

    public JsonArray Clusters { get; } = [];

    public ConcurrentDictionary<(string Namespace, string Name), JsonObject> Deployments { get; } = new();

    public ConcurrentDictionary<(string Namespace, string Name), JsonObject> PrometheusRules { get; } = new();

    /// <summary>submariner.io/v1 Cluster objects of the broker namespace <c>submariner-k8s-broker</c>.</summary>
    public JsonArray SubmarinerClusters { get; } = [];

    /// <summary>Status codes to answer the next requests with, one per request, before serving normally.</summary>
    public ConcurrentQueue<int> Faults { get; } = new();

    /// <summary>Runs after a PrometheusRule was stored (the operator's rendering), or just before a replace is judged.</summary>
    public Action<JsonObject>? AfterRuleStored { get; set; }

    public Action<JsonObject>? BeforeRuleReplace { get; set; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public int PrometheusRuleReplaces;

    public static async Task<FakeKubernetes> StartAsync()
    {
        var fake = new FakeKubernetes();
        fake._server = await InTestServer.StartAsync(fake.Map);
        return fake;
    }

    public string NextResourceVersion() => Interlocked.Increment(ref _resourceVersion).ToString();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            if (Faults.TryDequeue(out var status))
            {
                await Write(context, status, Status(status, "ServiceUnavailable", "injected fault"));
                return;
            }

            await next(context);
        });
        app.MapGet("/apis/cluster.karmada.io/v1alpha1/clusters", () => Json(new JsonObject
        {
            ["apiVersion"] = "cluster.karmada.io/v1alpha1",
            ["kind"] = "ClusterList",
            ["metadata"] = new JsonObject { ["resourceVersion"] = NextResourceVersion() },
            ["items"] = Clusters.DeepClone(),
        }));
        app.MapGet("/apis/submariner.io/v1/namespaces/submariner-k8s-broker/clusters", () => Json(new JsonObject
        {
            ["apiVersion"] = "submariner.io/v1",
            ["kind"] = "ClusterList",
            ["metadata"] = new JsonObject { ["resourceVersion"] = NextResourceVersion() },
            ["items"] = SubmarinerClusters.DeepClone(),
        }));
        app.MapGet("/apis/apps/v1/namespaces/{ns}/deployments/{name}", (string ns, string name) =>
            Deployments.TryGetValue((ns, name), out var deployment) ? Json(deployment) : NotFound("deployments", "apps", name));
        app.MapMethods("/apis/apps/v1/namespaces/{ns}/deployments/{name}/scale", ["PATCH"], async (string ns, string name, HttpRequest request) =>
        {
            if (request.ContentType?.Split(';')[0].Trim() != "application/merge-patch+json")
            {
                return Json(Status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"), 415);
            }

            if (!Deployments.TryGetValue((ns, name), out var deployment))
            {
                return NotFound("deployments", "apps", name);
            }

            var patch = await JsonNode.ParseAsync(request.Body);
            var replicas = patch!["spec"]!["replicas"]!.GetValue<int>();
            deployment["spec"]!["replicas"] = replicas;
            var spec = replicas == 0 ? new JsonObject() : new JsonObject { ["replicas"] = replicas };
            return Json(new JsonObject
            {
                ["kind"] = "Scale",
                ["apiVersion"] = "autoscaling/v1",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["resourceVersion"] = NextResourceVersion() },
                ["spec"] = spec,
                ["status"] = new JsonObject { ["replicas"] = replicas },
            });
        });
        app.MapGet("/apis/monitoring.coreos.com/v1/namespaces/{ns}/prometheusrules/{name}", (string ns, string name) =>
            PrometheusRules.TryGetValue((ns, name), out var rule) ? Json(rule) : NotFound("prometheusrules", "monitoring.coreos.com", name));
        app.MapPut("/apis/monitoring.coreos.com/v1/namespaces/{ns}/prometheusrules/{name}", async (string ns, string name, HttpRequest request) =>
        {
            if (!PrometheusRules.TryGetValue((ns, name), out var stored))
            {
                return NotFound("prometheusrules", "monitoring.coreos.com", name);
            }

            BeforeRuleReplace?.Invoke(stored);
            var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            var sent = body["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (string.IsNullOrEmpty(sent))
            {
                return Json(Status(422, "Invalid", $"prometheusrules.monitoring.coreos.com \"{name}\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update"), 422);
            }

            if (sent != stored["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                return Json(Status(409, "Conflict", $"Operation cannot be fulfilled on prometheusrules.monitoring.coreos.com \"{name}\": the object has been modified; please apply your changes to the latest version and try again"), 409);
            }

            body["metadata"]!["resourceVersion"] = NextResourceVersion();
            PrometheusRules[(ns, name)] = body;
            Interlocked.Increment(ref PrometheusRuleReplaces);
            AfterRuleStored?.Invoke(body);
            return Json(body);
        });
    }

    private static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(), "application/json", statusCode: status);

    private static IResult NotFound(string resource, string group, string name) =>
        Json(Status(404, "NotFound", $"{resource}.{group} \"{name}\" not found"), 404);

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private static Task Write(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>A Karmada Cluster object as the aggregated API server lists it (items carry no kind/apiVersion).</summary>
    public static JsonObject Cluster(string name, string allocatableCpu, string allocatableMemory, string? allocatedCpu = null, string? allocatedMemory = null,
        bool ready = true, JsonObject? labels = null, JsonObject? extraAllocatable = null)
    {
        var allocatable = new JsonObject { ["cpu"] = allocatableCpu, ["memory"] = allocatableMemory, ["pods"] = "110" };
        foreach (var (key, value) in extraAllocatable ?? [])
        {
            allocatable[key] = value?.DeepClone();
        }

        var summary = new JsonObject { ["allocatable"] = allocatable };
        var allocated = new JsonObject();
        if (allocatedCpu is not null)
        {
            allocated["cpu"] = allocatedCpu;
        }

        if (allocatedMemory is not null)
        {
            allocated["memory"] = allocatedMemory;
        }

        // Karmada omits an empty "allocated" map entirely.
        if (allocated.Count > 0)
        {
            summary["allocated"] = allocated;
        }

        var metadata = new JsonObject { ["name"] = name, ["resourceVersion"] = "152047" };
        if (labels is not null)
        {
            metadata["labels"] = labels;
        }

        return new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["syncMode"] = "Push", ["region"] = "spec-region", ["zones"] = new JsonArray("spec-zone-a") },
            ["status"] = new JsonObject
            {
                ["kubernetesVersion"] = "v1.30.4",
                ["conditions"] = new JsonArray(ready
                    ? new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "ClusterReady", ["message"] = "cluster is healthy and ready to accept workloads" }
                    : new JsonObject { ["type"] = "Ready", ["status"] = "False", ["reason"] = "ClusterNotReachable", ["message"] = "cluster is not reachable" }),
                ["resourceSummary"] = summary,
            },
        };
    }

    /// <summary>A Deployment as the API server returns it; status counters that are 0 are omitted, as the server does.</summary>
    public static JsonObject Deployment(string ns, string name, int replicas, int ready, params (string Container, string? CpuLimit)[] containers)
    {
        var status = new JsonObject { ["observedGeneration"] = 2 };
        if (replicas > 0)
        {
            status["replicas"] = replicas;
        }

        if (ready > 0)
        {
            status["readyReplicas"] = ready;
            status["availableReplicas"] = ready;
        }

        return new JsonObject
        {
            ["kind"] = "Deployment",
            ["apiVersion"] = "apps/v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["resourceVersion"] = "2652741", ["generation"] = 2 },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(containers.Select(c => (JsonNode)new JsonObject
                        {
                            ["name"] = c.Container,
                            ["image"] = $"registry/{c.Container}:1",
                            ["resources"] = c.CpuLimit is null ? new JsonObject() : new JsonObject { ["limits"] = new JsonObject { ["cpu"] = c.CpuLimit } },
                        }).ToArray()),
                    },
                },
            },
            ["status"] = status,
        };
    }
}
