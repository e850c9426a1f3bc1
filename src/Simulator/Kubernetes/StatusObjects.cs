using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes;

/// <summary>The meta/v1 Status bodies of apimachinery's errors.go, with its exact reasons and messages.</summary>
public static class StatusObjects
{
    public static ApiResponse NotFound(ResourceDefinition resource, string name) =>
        Failure(404, "NotFound", $"{resource.QualifiedResource} \"{name}\" not found", Details(resource, name));

    public static ApiResponse NamespaceNotFound(string ns) =>
        Failure(404, "NotFound", $"namespaces \"{ns}\" not found", new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });

    public static ApiResponse UnknownResource() =>
        Failure(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static ApiResponse AlreadyExists(ResourceDefinition resource, string name) =>
        Failure(409, "AlreadyExists", $"{resource.QualifiedResource} \"{name}\" already exists", Details(resource, name));

    public static ApiResponse Conflict(ResourceDefinition resource, string name) =>
        Failure(409, "Conflict",
            $"Operation cannot be fulfilled on {resource.QualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Details(resource, name));

    public static ApiResponse PreconditionFailed(ResourceDefinition resource, string name, string why) =>
        Failure(409, "Conflict", $"Operation cannot be fulfilled on {resource.QualifiedResource} \"{name}\": Precondition failed: {why}", Details(resource, name));

    public static ApiResponse BadRequest(string message) => Failure(400, "BadRequest", message, details: null);

    public static ApiResponse Forbidden(ResourceDefinition resource, string name, string why) =>
        Failure(403, "Forbidden", $"{resource.QualifiedResource} \"{name}\" is forbidden: {why}", Details(resource, name));

    /// <summary>A validating admission webhook's veto, as the apiserver wraps it (controller-runtime denies with 403 Forbidden).</summary>
    public static ApiResponse AdmissionDenied(string webhook, string message) =>
        Failure(403, "Forbidden", $"admission webhook \"{webhook}\" denied the request: {message}", details: null);

    /// <summary>A patch that is well-formed but cannot be applied to the object (a failed json-patch test, a missing path).</summary>
    public static ApiResponse UnprocessablePatch(string message) => Failure(422, "Invalid", message, details: null);

    public static ApiResponse MethodNotAllowed(string verb, ResourceDefinition resource) =>
        Failure(405, "MethodNotAllowed", $"{verb} is not supported on resources of kind \"{resource.Plural}.{resource.Group}\"",
            new JsonObject { ["group"] = resource.Group, ["kind"] = resource.Plural });

    public static ApiResponse UnsupportedMediaType(IEnumerable<string> accepted) =>
        Failure(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}",
            details: null);

    /// <summary>422 for an object: <c>{Kind}.{group} "{name}" is invalid: ...</c>, causes one per field error.</summary>
    public static ApiResponse Invalid(string kind, string group, string name, IReadOnlyList<FieldError> errors)
    {
        var qualifiedKind = group.Length == 0 ? kind : $"{kind}.{group}";
        var summary = errors.Count == 1 ? errors[0].ToString() : $"[{string.Join(", ", errors)}]";
        var causes = new JsonArray(errors.Select(e =>
            (JsonNode)new JsonObject { ["reason"] = e.Reason, ["message"] = e.Message, ["field"] = e.Field }).ToArray());
        var details = new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = kind, ["causes"] = causes };
        if (name.Length == 0)
        {
            details.Remove("name");
        }
        return Failure(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {summary}", details);
    }

    /// <summary>The generic errors a fault injects; reasons as apimachinery names them per code.</summary>
    public static ApiResponse InjectedError(int code, string cause)
    {
        var (reason, message) = code switch
        {
            403 => ("Forbidden", $"forbidden: {cause}"),
            429 => ("TooManyRequests", $"Too many requests: {cause}"),
            503 => ("ServiceUnavailable", $"The server is currently unable to handle the request: {cause}"),
            504 => ("Timeout", $"Timeout: {cause}"),
            _ => ("InternalError", $"Internal error occurred: {cause}"),
        };
        var details = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = cause }) };
        if (code is 429 or 503)
        {
            details = new JsonObject { ["retryAfterSeconds"] = 1 };
        }
        return Failure(code, reason, message, details);
    }

    /// <summary>The 410 a watch gets, as its ERROR event, for a resourceVersion older than the changes kept.</summary>
    public static ApiResponse Expired(long asked, long oldest) =>
        Failure(410, "Expired", $"too old resource version: {asked} ({oldest})", details: null);

    /// <summary>A watch from a resourceVersion the store has not reached (the simulator was reset): the watch cache's 504.</summary>
    public static ApiResponse ResourceVersionTooLarge(long asked, long current) =>
        Failure(504, "Timeout", $"Timeout: Too large resource version: {asked}, current: {current}", new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }),
            ["retryAfterSeconds"] = 1,
        });

    /// <summary>The apiserver's max-in-flight refusal, here for a watch beyond the simulator's limit.</summary>
    public static ApiResponse TooManyRequests() =>
        Failure(429, "TooManyRequests", "Too many requests, please try again later.", new JsonObject { ["retryAfterSeconds"] = 1 });

    public static JsonObject Success(ResourceDefinition resource, string name, string? uid)
    {
        var details = Details(resource, name);
        if (uid is not null)
        {
            details["uid"] = uid;
        }
        return new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["details"] = details,
        };
    }

    private static JsonObject Details(ResourceDefinition resource, string name) =>
        new() { ["name"] = name, ["group"] = resource.Group, ["kind"] = resource.Plural };

    private static ApiResponse Failure(int code, string reason, string message, JsonObject? details)
    {
        var body = new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(),
            ["status"] = "Failure", ["message"] = message, ["reason"] = reason,
        };
        if (details is not null)
        {
            body["details"] = details;
        }
        body["code"] = code;
        return new ApiResponse(code, body);
    }
}
