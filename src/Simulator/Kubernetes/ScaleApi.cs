using System.Globalization;
using System.Text.Json.Nodes;
using Smo.Simulator.Federation;

namespace Smo.Simulator.Kubernetes;

/// <summary>
/// The <c>deployments/{name}/scale</c> subresource: an autoscaling/v1 Scale view of the Deployment
/// (scaleFromDeployment), written back to the Deployment's spec.replicas.
/// </summary>
public sealed class ScaleApi(Simulation simulation)
{
    private static readonly ResourceDefinition Deployments = ResourceCatalog.Deployments;

    public ApiResponse Get(string ns, string name) =>
        simulation.ReadRecent(state => state.Store.Get(Deployments, ns, name) is { } deployment
            ? ApiResponse.Ok(ScaleOf(deployment))
            : StatusObjects.NotFound(Deployments, name));

    public ApiResponse Replace(string ns, string name, string body)
    {
        JsonObject? scale;
        try
        {
            scale = JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException e)
        {
            return StatusObjects.BadRequest($"the object provided is unrecognized (must be of type Scale): {e.Message}");
        }
        if (scale is null)
        {
            return StatusObjects.BadRequest("the object provided is unrecognized (must be of type Scale): expected a JSON object");
        }
        var bodyName = scale.StringAt("metadata", "name");
        if (bodyName != name)
        {
            return StatusObjects.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
        return simulation.Write(state => state.Store.Get(Deployments, ns, name) is { } deployment
            ? Apply(state, deployment, scale)
            : StatusObjects.NotFound(Deployments, name));
    }

    public ApiResponse Patch(string ns, string name, string? contentType, string body, string? fieldManager)
    {
        if (!PatchRequest.TryRead(Deployments, contentType, body, fieldManager, out var patch, out var rejection))
        {
            return rejection;
        }
        return simulation.Write(state =>
        {
            if (state.Store.Get(Deployments, ns, name) is not { } deployment)
            {
                return StatusObjects.NotFound(Deployments, name);
            }
            return patch.TryApply(ScaleOf(deployment), out var scale, out var unpatchable)
                ? Apply(state, deployment, scale)
                : unpatchable;
        });
    }

    private static ApiResponse Apply(FederationState state, JsonObject deployment, JsonObject scale)
    {
        var name = deployment.StringAt("metadata", "name")!;
        var expected = scale.StringAt("metadata", "resourceVersion");
        if (!string.IsNullOrEmpty(expected) && expected != deployment.StringAt("metadata", "resourceVersion"))
        {
            return StatusObjects.Conflict(Deployments, name);
        }
        var replicas = scale.IntegerAt(out var valid, "spec", "replicas") ?? 0;
        if (!valid || replicas < 0)
        {
            var shown = valid ? replicas.ToString(CultureInfo.InvariantCulture) : scale.At("spec", "replicas").Describe();
            return StatusObjects.Invalid("Scale", "autoscaling", name,
                [FieldError.Invalid("spec.replicas", shown, valid ? "must be greater than or equal to 0" : "must be an integer")]);
        }
        var previous = deployment.IntegerAt(out _, "spec", "replicas") ?? 0;
        deployment.Child("spec")["replicas"] = replicas;
        var updated = state.Store.Update(Deployments, deployment);
        state.ScaleWrites.Add(new ScaleWrite(deployment.StringAt("metadata", "namespace")!, name, previous, replicas, state.Now));
        return ApiResponse.Ok(ScaleOf(updated));
    }

    /// <summary>Scale metadata carries only name, namespace, uid, resourceVersion (the Deployment's) and creationTimestamp.</summary>
    public static JsonObject ScaleOf(JsonObject deployment)
    {
        var metadata = new JsonObject();
        foreach (var key in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            metadata[key] = deployment.At("metadata", key)?.DeepClone();
        }
        var spec = new JsonObject();
        var replicas = deployment.IntegerAt(out _, "spec", "replicas") ?? 0;
        if (replicas != 0)
        {
            spec["replicas"] = replicas;
        }
        var status = new JsonObject { ["replicas"] = deployment.IntegerAt(out _, "status", "replicas") ?? 0 };
        var matchLabels = deployment.ObjectAt("spec", "selector", "matchLabels");
        if (matchLabels is { Count: > 0 })
        {
            status["selector"] = string.Join(",", matchLabels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        }
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = metadata,
            ["spec"] = spec,
            ["status"] = status,
        };
    }
}
