using FsCheck;
using FsCheck.Fluent;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// The rest of the surface: graph reads and commands with odd names, methods and queries; sentinels' commands without
/// a key that opens them; the Durable management API with ids that exist nowhere; random methods, paths and headers.
/// </summary>
public static class RouteRequests
{
    public const string Family = "route";
    public const string ManagementFamily = "management";

    private static readonly string[] CommandNames = ["placement", "start", "stop"];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "FUZZ"];

    private static readonly string[] Queries =
        ["", "dryRun=true", "dryRun=false", "dryRun=yes", "dryRun=", "dryRun=true&dryRun=true", "code=", "a=%ZZ", "a[]=1&a[]=2", "x=" + new string('q', 5_000), "%00=%00"];

    private static readonly string[] Templates =
    [
        "/graphs/{x}", "/graphs/{x}/placement", "/graphs/{x}/start", "/graphs/{x}/stop", "/graphs/{x}/execute_strategy/{x}", "/graphs/{x}/weights", "/graphs/{x}/services/{x}/forecast", "/project/{x}/graphs",
        "/clusters/{x}/energy_profile", "/vims/smo_vims/{x}", "/os_k8s/cluster/{x}", "/console/{x}", "/{x}", "/graphs/{x}/{x}", "/alerts/{x}",
        "/runtime/webhooks/durabletask/instances/{x}", "/graphs", "/clusters", "/clusters/", "/health", "/docs", "/openapi/v1.json", "//graphs", "/graphs//",
    ];

    private static readonly string[] ContentTypes = ["application/json", "application/yaml", "text/plain", "multipart/form-data", "application/octet-stream", ";", "*/*"];

    public static Gen<FuzzRequest> Requests(FuzzTargets targets) =>
        Gen.Frequency(
            (6, GraphCommands),
            (3, SentinelCommands(targets)),
            (3, Reads),
            (3, Random),
            (1, Samples));

    public static Gen<FuzzRequest> Management =>
        from route in Gen.Elements(
            ("GET", "/instances/{id}"), ("POST", "/instances/{id}/terminate"), ("POST", "/instances/{id}/suspend"), ("POST", "/instances/{id}/resume"),
            ("POST", "/instances/{id}/raiseEvent/{id}"), ("DELETE", "/instances/{id}"), ("POST", "/orchestrators/{id}"), ("POST", "/orchestrators/{id}/{id}"),
            ("GET", "/instances"))
        from id in Gen.Frequency((3, Gen.Elements("fuzz-nx", "graph:fuzz-never-deployed", "fuzz:nx:" + new string('i', 300), "NoSuchOrchestrator")), (2, OddSegment))
        from query in Gen.Frequency((3, Gen.Constant("")), (2, Gen.Elements("runtimeStatus=Bogus", "top=-1", "top=99999999999", "createdTimeFrom=yesterday",
            "continuationToken=%%%", "continuationToken=" + new string('A', 4_000), "showInput=maybe", "instanceIdPrefix=%00", "reason=" + new string('r', 2_000))))
        from body in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, FuzzValues.AnyValue.Select(v => (string?)DocumentWriter.Json(v))))
        from credentials in Gen.Frequency((5, Gen.Constant(Credentials.Master)), (1, Credentials.ForApi))
        let path = "/runtime/webhooks/durabletask" + route.Item2.Replace("{id}", id, StringComparison.Ordinal)
        select body is null
            ? FuzzRequest.Create(ManagementFamily, route.Item1, path, query, credentials)
            : FuzzRequest.Create(ManagementFamily, route.Item1, path, query, credentials, body);

    /// <summary>A route parameter as it goes on the wire: escaped hostile text, or escapes a careless decoder trips on.</summary>
    private static Gen<string> OddSegment =>
        Gen.Frequency(
            (4, FuzzValues.HostileString.Select(s => Uri.EscapeDataString(s.Length > 3_000 ? s[..3_000] : s))),
            (2, Gen.Elements("%2e%2e", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2F..%2F", "%00", "%C0%AE", "%FF", "%E2%80%AE", "a%2Fb", "%25", "%u0041", "~", "+", "%20")));

    private static Gen<string> CommandableName =>
        Gen.Frequency((6, Gen.Elements(FuzzTargets.CommandableGraphs.ToArray())), (2, OddSegment), (1, Gen.Constant(FuzzTargets.NeverDeployed)));

    private static Gen<FuzzRequest> GraphCommands =>
        Gen.Frequency((5, Commands), (2, Tuning), (2, Removals));

    /// <summary>Weights and strategy runs with bodies near the valid ones: known and unknown terms, numbers in and out of range.</summary>
    private static Gen<FuzzRequest> Tuning =>
        from name in CommandableName
        from route in Gen.Frequency(
            (3, WeightObject.Select(body => (Method: "PUT", Path: $"/graphs/{name}/weights", Body: body))),
            (2, StrategyBody.Select(body => (Method: "POST", Path: $"/graphs/{name}/execute_strategy/smo-milp", Body: body))),
            (2, ForecastBody.SelectMany(body => Gen.Frequency((4, Gen.Elements(FuzzTargets.PlaygroundServices)), (1, OddSegment))
                .Select(service => (Method: "PUT", Path: $"/graphs/{name}/services/{service}/forecast", Body: body)))),
            (1, FuzzValues.AnyValue.Select(v => (Method: "PUT", Path: $"/graphs/{name}/weights", Body: DocumentWriter.Json(v)))))
        from query in Gen.Frequency((5, Gen.Constant("")), (1, Gen.Constant("dryRun=true")))
        from credentials in Credentials.ForApi
        select FuzzRequest.Create(Family, route.Method, route.Path, query, credentials, route.Body);

    private static Gen<string> WeightObject =>
        from count in Gen.Choose(0, 9)
        from terms in Gen.ListOf(Gen.Elements("deployment", "reoptimisation", "communication", "energy", "carbon", "utilisation", "transition", "Carbon", "utilization", ""), count)
        from values in Gen.ListOf(Gen.Elements("0", "1", "0.4", "-1", "1e6", "1000001", "1e400", "-0", "\"NaN\"", "null", "true", "[]", "{}"), count)
        select "{" + string.Join(",", terms.Zip(values, (term, value) => $"\"{term}\":{value}")) + "}";

    /// <summary>A pushed forecast near the valid ones: times past, near, far and out of order; rates odd; sizes up to beyond the limit.</summary>
    private static Gen<string> ForecastBody =>
        from count in Gen.Frequency((6, Gen.Choose(0, 6)), (1, Gen.Constant(10_081)))
        from offsets in Gen.ListOf(Gen.Elements(-3_600, -60, 60, 300, 600, 3_600, 86_400 * 400), count)
        from rates in Gen.ListOf(Gen.Elements("0", "1.5", "-1", "1e308", "1e400", "\"NaN\"", "null", "\"5\""), count)
        from source in Gen.Elements("", ",\"source\":\"h3ni\"", ",\"source\":" + "\"" + new string('s', 2_000) + "\"", ",\"source\":1", ",\"other\":1")
        let start = DateTimeOffset.UtcNow
        select "{\"points\":[" + string.Join(",", offsets.Zip(rates, (offset, rate) =>
            $"{{\"at\":\"{start.AddSeconds(offset):O}\",\"rate\":{rate}}}")) + "]" + source + "}";

    private static Gen<string> StrategyBody =>
        from kind in Gen.Elements("", "\"kind\":\"placement\",", "\"kind\":\"scaling\",", "\"kind\":\"both\",", "\"kind\":1,")
        from weights in WeightObject
        from extra in Gen.Elements("", ",\"timeLimitSeconds\":1", ",\"timeLimitSeconds\":0", ",\"timeLimitSeconds\":1e9", ",\"workers\":2", ",\"workers\":65",
            ",\"seed\":7", ",\"seed\":-1", ",\"seed\":1.5", ",\"other\":1")
        select "{" + kind + "\"weights\":" + weights + extra + "}";

    /// <summary>Fuzz graphs removed now and then, so their names come free for accepted deploys again.</summary>
    private static Gen<FuzzRequest> Removals =>
        from name in Gen.Elements(FuzzTargets.RemovableGraphs.ToArray())
        from credentials in Credentials.ForApi
        select FuzzRequest.Create(Family, "DELETE", $"/graphs/{name}", "", credentials);

    private static Gen<FuzzRequest> Commands =>
        from name in CommandableName
        from route in Gen.Frequency(
            (6, Gen.Elements(CommandNames).Select(c => (Method: "POST", Path: $"/graphs/{name}/{c}"))),
            (1, Gen.Elements(CommandNames).Select(c => (Method: "GET", Path: $"/graphs/{name}/{c}"))),
            (2, Gen.Elements("smo-milp", "first-fit", "energy-aware", "nope", "%2e%2e", "").Select(s => (Method: "POST", Path: $"/graphs/{name}/execute_strategy/{s}"))),
            (1, Gen.Constant((Method: "DELETE", Path: $"/graphs/{name}"))))
        from query in Gen.Frequency((5, Gen.Constant("")), (3, Gen.Elements(Queries)))
        from body in Gen.Frequency((4, Gen.Constant<string?>(null)), (1, FuzzValues.AnyValue.Select(v => (string?)DocumentWriter.Json(v))))
        from credentials in Credentials.ForApi
        select body is null
            ? FuzzRequest.Create(Family, route.Method, route.Path, query, credentials)
            : FuzzRequest.Create(Family, route.Method, route.Path, query, credentials, body);

    /// <summary>A sentinel's command or removal without a key that opens it, or a what-if that is refused for its query.</summary>
    private static Gen<FuzzRequest> SentinelCommands(FuzzTargets targets) =>
        from name in Gen.Elements(targets.Sentinels.Keys.ToArray())
        from route in Gen.Elements(
            ("POST", $"/graphs/{name}/placement"), ("POST", $"/graphs/{name}/start"), ("POST", $"/graphs/{name}/stop"), ("GET", $"/graphs/{name}/stop"),
            ("POST", $"/graphs/{name}/execute_strategy/first-fit"), ("PUT", $"/graphs/{name}/weights"), ("DELETE", $"/graphs/{name}"))
        from refusal in Gen.Frequency(
            (3, Credentials.NotForSentinels.Select(c => (Query: "", Credentials: c))),
            // A dryRun that is neither true nor false is refused (400) before any command, even with the master key.
            (1, Gen.Elements("dryRun=maybe", "dryRun=", "dryRun=%00").Select(q => (Query: q, Credentials: Credentials.Master))))
        select FuzzRequest.Create(Family, route.Item1, route.Item2, refusal.Query, refusal.Credentials) with { RefusedByDesign = true };

    private static Gen<FuzzRequest> Reads =>
        from path in Gen.Frequency(
            (3, CommandableName.Select(n => $"/graphs/{n}")),
            (2, Gen.Elements("/graphs", "/clusters", "/clusters/", "/vims/smo_vims", "/os_k8s/clusters", "/health", "/docs", "/openapi/v1.json", "/console/", "/console/index.html")),
            (2, Gen.Elements(FuzzTargets.FuzzProjects).Select(p => $"/project/{p}/graphs")),
            (1, OddSegment.Select(s => $"/project/{s}/graphs")),
            (1, OddSegment.Select(s => $"/console/{s}")))
        from query in Gen.Frequency((4, Gen.Constant("")), (1, Gen.Elements(Queries)))
        from credentials in Credentials.ForApi
        select FuzzRequest.Create(Family, "GET", path, query, credentials);

    /// <summary>Any method on any template with odd parameters, odd headers, and perhaps a body nobody asked for.</summary>
    private static Gen<FuzzRequest> Random =>
        from method in Gen.Elements(Methods)
        from template in Gen.Elements(Templates)
        from segments in Gen.ListOf(Gen.Frequency((2, CommandableName), (1, OddSegment)), 2)
        let path = ReplaceFirst(ReplaceFirst(template, segments[0]), segments[1])
        from query in Gen.Elements(Queries)
        from body in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, FuzzValues.AnyValue.Select(v => (string?)DocumentWriter.Json(v))))
        from contentType in Gen.Elements(ContentTypes)
        from header in Gen.Elements(
            KeyValuePair.Create("Accept", "application/xml"), KeyValuePair.Create("Accept", "*/*;q=abc"), KeyValuePair.Create("X-Forwarded-For", "127.0.0.1, evil"),
            KeyValuePair.Create("X-Forwarded-Host", "evil.example"), KeyValuePair.Create("X-HTTP-Method-Override", "DELETE"), KeyValuePair.Create("Accept-Charset", "utf-7"),
            KeyValuePair.Create("If-None-Match", "\"" + new string('e', 1_000) + "\""), KeyValuePair.Create("Range", "bytes=0-1,-5,99999999999999999999-"))
        from credentials in Credentials.ForApi
        let request = body is null
            ? FuzzRequest.Create(Family, method, path, query, credentials)
            : FuzzRequest.Create(Family, method, path, query, credentials, body, contentType)
        select request with { Headers = [.. request.Headers, header] };

    private static Gen<FuzzRequest> Samples =>
        from body in Gen.Frequency((2, Gen.Elements("[\"Tokyo\"]", "[]", "", "{}", "[1, null, {}]")), (1, FuzzValues.AnyValue.Select(DocumentWriter.Json)))
        from credentials in Credentials.ForApi
        select FuzzRequest.Create(Family, "POST", "/samples/hello-cities", "", credentials, body);

    private static string ReplaceFirst(string template, string value)
    {
        var at = template.IndexOf("{x}", StringComparison.Ordinal);
        return at < 0 ? template : template[..at] + value + template[(at + 3)..];
    }
}
