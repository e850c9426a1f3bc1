using System.Text.Json.Nodes;
using Smo.Simulator.Federation;
using Smo.Simulator.Kubernetes.Watching;

namespace Smo.Simulator.Kubernetes;

/// <summary>Maps the Kubernetes API paths onto <see cref="KubernetesApi"/> and <see cref="ScaleApi"/>.</summary>
public static class KubernetesEndpoints
{
    public static IEndpointRouteBuilder MapKubernetesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/version", () => Json(ApiResponse.Ok(VersionInfo())));
        app.Map("/api/{**path}", (HttpContext context, string? path) => HandleAsync(context, core: true, path ?? ""));
        app.Map("/apis/{**path}", (HttpContext context, string? path) => HandleAsync(context, core: false, path ?? ""));
        return app;
    }

    public static IResult Json(ApiResponse response) =>
        Results.Text(response.Body.ToJsonString(WireJson.Options), "application/json", statusCode: response.StatusCode);

    private static async Task<IResult> HandleAsync(HttpContext context, bool core, string path)
    {
        var request = context.Request;
        var target = ResourcePath.Parse(core, path);
        if (target is null)
        {
            return Json(StatusObjects.UnknownResource());
        }
        var simulation = context.RequestServices.GetRequiredService<Simulation>();
        if (request.Method == "GET" && request.Query["watch"] is { Count: > 0 } watch && watch[0] is "true" or "1")
        {
            return Watch(context, simulation, target);
        }
        var body = await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted);
        return Json(Dispatch(simulation, target, request.Method, request, body));
    }

    /// <summary>A watch of a list path; the stream holds one of the <see cref="WatchSlots"/> until it ends.</summary>
    private static IResult Watch(HttpContext context, Simulation simulation, ResourcePath target)
    {
        var (type, ns, name, subresource) = target;
        if (subresource is not null || name is not null)
        {
            return Json(StatusObjects.BadRequest($"the simulator watches lists only: watch {type.Plural} with fieldSelector=metadata.name={name}"));
        }
        if (!WatchRequest.TryRead(context.Request.Query, out var request, out var rejection))
        {
            return Json(rejection);
        }
        var slots = context.RequestServices.GetRequiredService<WatchSlots>();
        if (!slots.TryTake())
        {
            return Json(StatusObjects.TooManyRequests());
        }
        context.Response.RegisterForDispose(new SlotRelease(slots));
        var state = simulation.ReadRecent(state => state);
        return new WatchResult(state, type, ns, request, simulation.Scenario.Simulation.WatchBookmarkInterval);
    }

    private sealed class SlotRelease(WatchSlots slots) : IDisposable
    {
        public void Dispose() => slots.Release();
    }

    private static ApiResponse Dispatch(Simulation simulation, ResourcePath target, string method, HttpRequest request, string body)
    {
        var api = new KubernetesApi(simulation);
        var fieldManager = request.Query["fieldManager"].FirstOrDefault();
        var (type, ns, name, subresource) = target;
        if (subresource is not null)
        {
            if (type != ResourceCatalog.Deployments || subresource != "scale")
            {
                return StatusObjects.UnknownResource();
            }
            var scale = new ScaleApi(simulation);
            return method switch
            {
                "GET" => scale.Get(ns!, name!),
                "PUT" => scale.Replace(ns!, name!, body),
                "PATCH" => scale.Patch(ns!, name!, request.ContentType, body, fieldManager),
                _ => StatusObjects.MethodNotAllowed(method, type),
            };
        }
        if (type.ReadOnly && method != "GET")
        {
            return StatusObjects.MethodNotAllowed(method, type);
        }
        if (name is null)
        {
            return method switch
            {
                "GET" => api.List(type, ns, request.Query),
                "POST" when type.Namespaced && ns is null => StatusObjects.MethodNotAllowed(method, type),
                "POST" => api.Create(type, ns, body),
                _ => StatusObjects.MethodNotAllowed(method, type),
            };
        }
        return method switch
        {
            "GET" => api.Get(type, ns, name),
            "PUT" => api.Replace(type, ns, name, body),
            "PATCH" => api.Patch(type, ns, name, request.ContentType, body, fieldManager),
            "DELETE" => api.Delete(type, ns, name, body),
            _ => StatusObjects.MethodNotAllowed(method, type),
        };
    }

    private static JsonObject VersionInfo() => new()
    {
        ["major"] = "1",
        ["minor"] = "30",
        ["gitVersion"] = ClusterReporter.KubernetesVersion,
        ["gitCommit"] = "smo-simulator",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2024-08-14T00:00:00Z",
        ["goVersion"] = "go1.22.5",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };
}
