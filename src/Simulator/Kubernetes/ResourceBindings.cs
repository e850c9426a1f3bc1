using System.Text.Json.Nodes;
using Smo.Simulator.Federation;

namespace Smo.Simulator.Kubernetes;

/// <summary>
/// Karmada's ResourceBindings (<c>work.karmada.io/v1alpha2</c>, protocols.md §3), read-only and derived when read:
/// one per Deployment, named <c>&lt;deployment&gt;-deployment</c>, with <c>spec.resource</c>, <c>spec.replicas</c> and
/// <c>spec.clusters</c> — the cluster the Deployment is placed on (<see cref="Placement.ClusterAnnotation"/>) with
/// all its replicas, or none while it names no member cluster (unscheduled). So a client learns where Karmada put
/// a Deployment as it would from a real Karmada, and a test that moves a Deployment sees its binding follow.
/// </summary>
public static class ResourceBindings
{
    public static readonly ResourceDefinition Type =
        new("work.karmada.io", "v1alpha2", "resourcebindings", "ResourceBinding", Namespaced: true, ResourceFlavor.Custom, ReadOnly: true);

    /// <summary>Karmada names a binding after the resource and its kind, lower-cased (names.go).</summary>
    private const string DeploymentSuffix = "-deployment";

    /// <summary>Serves the binding paths ahead of the generic API, whose catalog does not know them.</summary>
    public static IEndpointRouteBuilder MapResourceBindings(this IEndpointRouteBuilder app)
    {
        const string root = "/apis/work.karmada.io/v1alpha2";
        app.Map($"{root}/resourcebindings", (HttpContext context) => Serve(context, null, null));
        app.Map($"{root}/namespaces/{{ns}}/resourcebindings", (HttpContext context, string ns) => Serve(context, ns, null));
        app.Map($"{root}/namespaces/{{ns}}/resourcebindings/{{name}}", (HttpContext context, string ns, string name) => Serve(context, ns, name));
        return app;
    }

    private static IResult Serve(HttpContext context, string? ns, string? name)
    {
        var request = context.Request;
        if (request.Method != HttpMethods.Get)
        {
            return KubernetesEndpoints.Json(StatusObjects.MethodNotAllowed(request.Method, Type));
        }

        var simulation = context.RequestServices.GetRequiredService<Simulation>();
        return KubernetesEndpoints.Json(name is null ? List(simulation, ns, request.Query) : Get(simulation, ns!, name));
    }

    private static ApiResponse List(Simulation simulation, string? ns, IQueryCollection query)
    {
        if (!ListRequest.TryRead(query, out var request, out var rejection))
        {
            return rejection;
        }

        return simulation.ReadRecent(state => ApiResponse.Ok(new JsonObject
        {
            ["kind"] = Type.ListKind,
            ["apiVersion"] = Type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = state.Store.CurrentVersion },
            ["items"] = new JsonArray([.. state.Store.List(ResourceCatalog.Deployments, ns).Select(d => Binding(state, d)).Where(request.Matches)]),
        }));
    }

    private static ApiResponse Get(Simulation simulation, string ns, string name) => simulation.ReadRecent(state =>
        name.EndsWith(DeploymentSuffix, StringComparison.Ordinal)
        && state.Store.Get(ResourceCatalog.Deployments, ns, name[..^DeploymentSuffix.Length]) is { } deployment
            ? ApiResponse.Ok(Binding(state, deployment))
            : StatusObjects.NotFound(Type, name));

    private static JsonObject Binding(FederationState state, JsonObject deployment)
    {
        var name = deployment.StringAt("metadata", "name")!;
        var ns = deployment.StringAt("metadata", "namespace")!;
        var uid = deployment.StringAt("metadata", "uid");
        var version = deployment.StringAt("metadata", "resourceVersion");
        var replicas = deployment.IntegerAt(out _, "spec", "replicas") ?? 1;
        var cluster = deployment.StringAt("metadata", "annotations", Placement.ClusterAnnotation);
        var spec = new JsonObject
        {
            ["resource"] = new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["namespace"] = ns, ["name"] = name, ["uid"] = uid, ["resourceVersion"] = version,
            },
        };
        // Go's omitempty: no replicas when zero, no clusters while unscheduled.
        if (replicas > 0)
        {
            spec["replicas"] = replicas;
        }

        var scheduled = cluster is not null && state.Clusters.ContainsKey(cluster);
        if (scheduled)
        {
            var target = new JsonObject { ["name"] = cluster };
            if (replicas > 0)
            {
                target["replicas"] = replicas;
            }

            spec["clusters"] = new JsonArray(target);
        }

        spec["schedulerName"] = "default-scheduler";
        return new JsonObject
        {
            ["apiVersion"] = Type.ApiVersion,
            ["kind"] = Type.Kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name + DeploymentSuffix,
                ["namespace"] = ns,
                ["resourceVersion"] = version,
                ["creationTimestamp"] = deployment.StringAt("metadata", "creationTimestamp"),
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = name, ["uid"] = uid, ["controller"] = true, ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = spec,
            ["status"] = new JsonObject { ["conditions"] = new JsonArray(Scheduled(scheduled, deployment.StringAt("metadata", "creationTimestamp"))) },
        };
    }

    /// <summary>Karmada's Scheduled condition, in its words (binding_types.go, scheduler.go).</summary>
    private static JsonObject Scheduled(bool scheduled, string? since) => scheduled
        ? new JsonObject
        {
            ["type"] = "Scheduled", ["status"] = "True", ["lastTransitionTime"] = since, ["reason"] = "Success",
            ["message"] = "Binding has been scheduled successfully.",
        }
        : new JsonObject
        {
            ["type"] = "Scheduled", ["status"] = "False", ["lastTransitionTime"] = since, ["reason"] = "NoClusterFit",
            ["message"] = "0/0 clusters are available: no cluster matches the placement.",
        };
}
