using System.Text.Json;
using System.Text.Json.Nodes;
using Smo.Simulator.Federation;
using Smo.Simulator.Kubernetes.Patching;

namespace Smo.Simulator.Kubernetes;

/// <summary>
/// The verbs of the Kubernetes API over the federation's object store, with the apiserver's checks in its
/// order: decoding (400), existence (404), conflicts (409), validation (422). Every write lets the controllers react.
/// </summary>
public sealed class KubernetesApi(Simulation simulation)
{
    private static readonly string[] UndeletableNamespaces = ["default", "kube-system", "kube-public"];

    /// <summary>
    /// A list: <c>{Kind}List</c> of the type's apiVersion, the store's resourceVersion, and the items that match
    /// (none, not 404, in a namespace that does not exist).
    /// </summary>
    public ApiResponse List(ResourceDefinition type, string? ns, IQueryCollection query)
    {
        if (!ListRequest.TryRead(query, out var request, out var rejection))
        {
            return rejection;
        }
        return simulation.ReadRecent(state =>
        {
            var items = state.Store.List(type, ns).Where(request.Matches).Select(item =>
            {
                if (!type.ListItemsCarryKind)
                {
                    item.Remove("kind");
                    item.Remove("apiVersion");
                }
                return (JsonNode)item;
            });
            return ApiResponse.Ok(new JsonObject
            {
                ["kind"] = type.ListKind,
                ["apiVersion"] = type.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = state.Store.CurrentVersion },
                ["items"] = new JsonArray(items.ToArray()),
            });
        });
    }

    public ApiResponse Get(ResourceDefinition type, string? ns, string name) =>
        simulation.ReadRecent(state => state.Store.Get(type, ns, name) is { } item
            ? ApiResponse.Ok(item)
            : StatusObjects.NotFound(type, name));

    public ApiResponse Create(ResourceDefinition type, string? ns, string body)
    {
        if (Decode(type, body, out var item) is { } undecodable)
        {
            return undecodable;
        }
        return simulation.Write(state => CreateObject(state, type, ns, item!));
    }

    public ApiResponse Replace(ResourceDefinition type, string? ns, string name, string body)
    {
        if (Decode(type, body, out var item) is { } undecodable)
        {
            return undecodable;
        }
        var bodyName = item!.StringAt("metadata", "name");
        if (bodyName != name)
        {
            return StatusObjects.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
        return simulation.Write(state =>
        {
            var stored = state.Store.Get(type, ns, name);
            if (stored is null)
            {
                return StatusObjects.NotFound(type, name);
            }
            return UpdateObject(state, type, ns, stored, item!);
        });
    }

    public ApiResponse Patch(ResourceDefinition type, string? ns, string name, string? contentType, string body, string? fieldManager)
    {
        if (!PatchRequest.TryRead(type, contentType, body, fieldManager, out var patch, out var rejection))
        {
            return rejection;
        }
        return simulation.Write(state =>
        {
            var stored = state.Store.Get(type, ns, name);
            if (stored is null)
            {
                // Server-side apply creates what does not exist yet; the other patch types need an object.
                if (patch.Kind != PatchKind.ApplyPatch)
                {
                    return StatusObjects.NotFound(type, name);
                }
                var created = (JsonObject)patch.Document.DeepClone();
                created.Child("metadata")["name"] = name;
                return CreateObject(state, type, ns, created);
            }
            if (!patch.TryApply(stored, out var patched, out var unpatchable))
            {
                return unpatchable;
            }
            var metadata = patched.Child("metadata");
            metadata["name"] = name;
            if (type.Namespaced)
            {
                metadata["namespace"] = ns;
            }
            if (type.Rules?.DecodeError(patched) is { } decodeError)
            {
                return StatusObjects.BadRequest(decodeError);
            }
            return UpdateObject(state, type, ns, stored, patched);
        });
    }

    /// <param name="body">DeleteOptions, possibly empty; its <c>preconditions</c> (uid, resourceVersion) are checked as the apiserver does.</param>
    public ApiResponse Delete(ResourceDefinition type, string? ns, string name, string body = "")
    {
        if (type == ResourceCatalog.Namespaces && UndeletableNamespaces.Contains(name))
        {
            return StatusObjects.Forbidden(type, name, "this namespace may not be deleted");
        }
        JsonObject? preconditions;
        try
        {
            preconditions = string.IsNullOrWhiteSpace(body) ? null : (JsonNode.Parse(body) as JsonObject)?["preconditions"] as JsonObject;
        }
        catch (JsonException exception)
        {
            return StatusObjects.BadRequest($"the body of the request was in an unknown format: {exception.Message}");
        }
        return simulation.Write(state =>
        {
            if (preconditions is not null && state.Store.Peek(type, ns, name) is { } stored
                && PreconditionFailure(type, name, stored, preconditions) is { } failed)
            {
                return failed;
            }
            var removed = state.Store.Delete(type, ns, name);
            if (removed is null)
            {
                return StatusObjects.NotFound(type, name);
            }
            if (type == ResourceCatalog.Namespaces)
            {
                // Namespace deletion is immediate here: no Terminating phase, contents and releases go with it.
                state.Store.DeleteNamespaceContents(name);
                foreach (var release in state.Releases.Keys.Where(k => k.Namespace == name).ToList())
                {
                    state.Releases.Remove(release);
                }
            }
            return ApiResponse.Ok(StatusObjects.Success(type, name, removed.StringAt("metadata", "uid")));
        });
    }

    /// <summary>The apiserver's 409 when a delete's uid or resourceVersion precondition does not hold.</summary>
    private static ApiResponse? PreconditionFailure(ResourceDefinition type, string name, JsonObject stored, JsonObject preconditions)
    {
        foreach (var (field, label) in new[] { ("uid", "UID"), ("resourceVersion", "ResourceVersion") })
        {
            var wanted = preconditions.StringAt(field);
            var actual = stored.StringAt("metadata", field);
            if (!string.IsNullOrEmpty(wanted) && wanted != actual)
            {
                return StatusObjects.PreconditionFailed(type, name, $"{label} in precondition: {wanted}, {label} in object meta: {actual}");
            }
        }
        return null;
    }

    /// <summary>Creates an object; the caller holds the federation lock.</summary>
    internal static ApiResponse CreateObject(FederationState state, ResourceDefinition type, string? ns, JsonObject item)
    {
        var metadata = item.Child("metadata");
        var name = metadata.StringAt("name");
        if (type.Namespaced)
        {
            var bodyNamespace = metadata.StringAt("namespace");
            if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
            {
                return StatusObjects.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            metadata["namespace"] = ns;
        }
        if (string.IsNullOrEmpty(name))
        {
            return StatusObjects.Invalid(type.Kind, type.Group, "", [FieldError.Required("metadata.name", "name or generateName is required")]);
        }
        if (type.Namespaced && !state.Store.Exists(ResourceCatalog.Namespaces, null, ns!))
        {
            return StatusObjects.NamespaceNotFound(ns!);
        }
        if (state.Store.Exists(type, ns, name))
        {
            return StatusObjects.AlreadyExists(type, name);
        }
        // Status is the controllers' to write: whatever a client sends in it on create is dropped.
        item.Remove("status");
        if (type == ResourceCatalog.Namespaces)
        {
            var defaults = Simulation.NamespaceObject(name);
            foreach (var (key, value) in item.ObjectAt("metadata", "labels") ?? [])
            {
                defaults.Child("metadata").Child("labels")[key] = value?.DeepClone();
            }
            item = defaults;
        }
        if (Admit(type, item, name, stored: null) is { } refused)
        {
            return refused;
        }
        return ApiResponse.Created(state.Store.Create(type, item));
    }

    /// <summary>Replaces <paramref name="stored"/> with <paramref name="item"/> after the resourceVersion precondition.</summary>
    internal static ApiResponse UpdateObject(FederationState state, ResourceDefinition type, string? ns, JsonObject stored, JsonObject item)
    {
        var name = stored.StringAt("metadata", "name")!;
        var expected = item.StringAt("metadata", "resourceVersion");
        if (string.IsNullOrEmpty(expected) && type.IsCustomResource)
        {
            return StatusObjects.Invalid(type.Plural, type.Group, name,
                [new FieldError("metadata.resourceVersion", "FieldValueInvalid", "Invalid value: 0x0: must be specified for an update")]);
        }
        if (!string.IsNullOrEmpty(expected) && expected != stored.StringAt("metadata", "resourceVersion"))
        {
            return StatusObjects.Conflict(type, name);
        }
        if (type.Namespaced)
        {
            var bodyNamespace = item.StringAt("metadata", "namespace");
            if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
            {
                return StatusObjects.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            item.Child("metadata")["namespace"] = ns;
        }
        // The main resource ignores status changes; the status subresource (not served here) is where they go.
        item.Remove("status");
        if (stored["status"] is { } status)
        {
            item["status"] = status.DeepClone();
        }
        if (Admit(type, item, name, stored) is { } refused)
        {
            return refused;
        }
        return ApiResponse.Ok(state.Store.Update(type, item));
    }

    /// <summary>
    /// The apiserver's admission chain on a write, in its order: defaulting, the mutating webhook, validation (422),
    /// the validating webhook (403). Null when the object may be stored; <paramref name="item"/> is then its final form.
    /// </summary>
    private static ApiResponse? Admit(ResourceDefinition type, JsonObject item, string name, JsonObject? stored)
    {
        type.Rules?.ApplyDefaults(item);
        var webhook = type.Rules as IAdmissionRules;
        webhook?.Mutate(item, stored);
        var errors = type.Rules?.Validate(item) ?? [];
        if (errors.Count > 0)
        {
            return StatusObjects.Invalid(type.Kind, type.Group, name, errors);
        }
        return webhook?.Deny(item, stored) is { } denial ? StatusObjects.AdmissionDenied(webhook.WebhookName, denial) : null;
    }

    /// <summary>Parses a POST/PUT body into an object of <paramref name="type"/>, or the 400 that says why it is not one.</summary>
    internal static ApiResponse? Decode(ResourceDefinition type, string body, out JsonObject? item)
    {
        item = null;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            return StatusObjects.BadRequest($"the object provided is unrecognized (must be of type {type.Kind}): couldn't get version/kind; json parse error: {e.Message}");
        }
        if (node is not JsonObject parsed)
        {
            return StatusObjects.BadRequest($"the object provided is unrecognized (must be of type {type.Kind}): expected a JSON object, got {node.KindName()}");
        }
        var apiVersion = parsed.StringAt("apiVersion");
        var kind = parsed.StringAt("kind");
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != type.ApiVersion)
        {
            return StatusObjects.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }
        if (!string.IsNullOrEmpty(kind) && kind != type.Kind)
        {
            return StatusObjects.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }
        if (parsed["metadata"] is { } metadata and not JsonObject)
        {
            return StatusObjects.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: metadata must be an object, got {metadata.KindName()}");
        }
        if (type.Rules?.DecodeError(parsed) is { } decodeError)
        {
            return StatusObjects.BadRequest(decodeError);
        }
        item = parsed;
        return null;
    }
}
