using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>
/// Alertmanager webhooks (payload version 4): for the playground's services (which may be acted on); for sentinels'
/// real services only where the webhook must refuse the whole document — without a credential that opens it, or
/// beside an alert Alertmanager cannot have written — and otherwise only in alerts it must skip (a service or rule of
/// theirs Smo does not know); for names Smo does not know; with labels, annotations, times and statuses mutated; and
/// garbage. Each alert is handled on its own, so an unknown graph beside a sentinel's alert no longer refuses it.
/// </summary>
public static class AlertRequests
{
    public const string Family = "alert";

    private static readonly string[] Times =
    [
        "2026-11-23T10:00:00Z", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59-12:00",
        "2026-13-45T99:99:99Z", "2026-11-23T10:00:00+14:00", "2026-11-23T10:00:00.123456789012Z", "", "now", "2026-11-23", "10000-01-01T00:00:00Z",
        "1970-01-01T00:00:00Z", "2026-11-23 10:00:00", "2026-11-23T10:00:00", "-2026-11-23T10:00:00Z", "2026-02-29T00:00:00Z",
    ];

    private static readonly string[] Statuses = ["firing", "resolved", "FIRING", "pending", "", "inactive"];

    /// <summary>A name no rule of any seed has: an alert of it is from a rule Smo did not write.</summary>
    private const string ForeignRule = "fuzz-foreign-rule";

    /// <summary>Fingerprints and starts no Alertmanager writes, which the store cannot record: they refuse the whole document.</summary>
    private static readonly (string Fingerprint, string StartsAt)[] Unrecordable =
    [
        (new string('f', 201), "2026-11-23T10:00:00Z"), ("ab\u0000cd", "2026-11-23T10:00:00Z"), (" ", "2026-11-23T10:00:00Z"), ("0123456789abcdef", "0001-01-01T00:00:00Z"),
    ];

    public static Gen<FuzzRequest> Webhooks(FuzzTargets targets) =>
        Gen.Frequency(
            (6, Structured(Playground, Credentials.ForWebhook)),
            (2, Structured(Sentinel(targets), Credentials.NotForWebhook).Select(RefusedByDesign)),
            (2, Structured(Poisoned(Sentinel(targets)), Credentials.ForWebhook).Select(RefusedByDesign)),
            (2, Structured(ForeignToSentinel(targets), Credentials.ForWebhook)),
            (3, Structured(Unknown(targets), Credentials.ForWebhook)),
            (2, Garbage));

    private static FuzzRequest RefusedByDesign(FuzzRequest request) => request with { RefusedByDesign = true };

    /// <summary>A webhook of these alerts, its fields and the alerts' fields then mutated (the ones the <paramref name="alerts"/> name stay).</summary>
    private static Gen<FuzzRequest> Structured(Gen<(JsonArray Alerts, bool Fragile)> alerts, Gen<Credentials> credentialsOf) =>
        from pair in alerts
        from status in Gen.Frequency((5, Gen.Constant("firing")), (1, Gen.Elements(Statuses)))
        let webhook = new JsonObject
        {
            ["version"] = "4",
            ["groupKey"] = "{}:{alertname=\"fuzz\"}",
            ["truncatedAlerts"] = 0,
            ["status"] = status,
            ["receiver"] = "smo",
            ["groupLabels"] = new JsonObject { ["alertname"] = "fuzz" },
            ["commonLabels"] = new JsonObject(),
            ["commonAnnotations"] = new JsonObject(),
            ["externalURL"] = "http://alertmanager:9093",
            ["alerts"] = pair.Alerts,
        }
        // A fragile webhook keeps its alerts as they are (what makes it refused, or skipped, is in them); its other fields may change.
        from mutated in Gen.Frequency((3, Gen.Constant((JsonNode)webhook)), (2, pair.Fragile ? TopLevelMutations(webhook) : TreeMutations.Some(webhook, 3)))
        from credentials in credentialsOf
        select FuzzRequest.Create(Family, "POST", "/alerts", "", credentials, DocumentWriter.Json(mutated));

    private static Gen<(JsonArray, bool)> Playground =>
        from count in Gen.Choose(1, 3)
        from alerts in Gen.ListOf(Alert(Gen.Constant(FuzzTargets.Playground), Gen.Elements([.. FuzzTargets.PlaygroundServices, "no-such-service"])), count)
        select (new JsonArray([.. alerts]), false);

    /// <summary>A sentinel's real service alerting, perhaps with an alert of a graph never deployed, in either order: sent only where it is refused.</summary>
    private static Gen<(JsonArray, bool)> Sentinel(FuzzTargets targets) =>
        from graph in Gen.Elements(targets.Sentinels.Keys.ToArray())
        from real in Alert(Gen.Constant(graph), Gen.Constant(targets.SentinelServices[graph]))
        from unknown in Alert(Gen.Constant(FuzzTargets.NeverDeployed), Gen.Constant("x"), mutate: false)
        from shape in Gen.Elements(0, 1, 2)
        select (shape switch { 0 => new JsonArray(real), 1 => new JsonArray(unknown, real), _ => new JsonArray(real, unknown) }, true);

    /// <summary>These alerts with one more that Alertmanager cannot have written (its fingerprint or start cannot be recorded), anywhere among them.</summary>
    private static Gen<(JsonArray, bool)> Poisoned(Gen<(JsonArray Alerts, bool Fragile)> alerts) =>
        from pair in alerts
        from poison in Alert(Gen.Elements(FuzzTargets.NeverDeployed, FuzzTargets.Playground), Gen.Elements(FuzzTargets.PlaygroundServices), mutate: false)
        from unrecordable in Gen.Elements(Unrecordable)
        from at in Gen.Choose(0, pair.Alerts.Count)
        select (Insert(pair.Alerts, at, Set(Set((JsonObject)poison!, "fingerprint", unrecordable.Fingerprint), "startsAt", unrecordable.StartsAt)), true);

    /// <summary>
    /// Alerts that name a sentinel but no rule Smo wrote for it: a service it does not have, no service label, or a rule
    /// of another name. The webhook answers 200 and lists them as skipped; the sentinel must not change.
    /// </summary>
    private static Gen<(JsonArray, bool)> ForeignToSentinel(FuzzTargets targets) =>
        from graph in Gen.Elements(targets.Sentinels.Keys.ToArray())
        from real in Alert(Gen.Constant(graph), Gen.Constant(targets.SentinelServices[graph]), mutate: false)
        from foreignness in Gen.Elements("service", "no-service", "rule")
        select (new JsonArray(Foreign((JsonObject)real!, foreignness)), true);

    private static JsonObject Foreign(JsonObject alert, string foreignness)
    {
        var labels = (JsonObject)alert["labels"]!;
        switch (foreignness)
        {
            case "service":
                labels["service"] = "no-such-service";
                break;
            case "no-service":
                labels.Remove("service");
                break;
            default:
                labels["alertname"] = ForeignRule;
                break;
        }

        return alert;
    }

    private static Gen<(JsonArray, bool)> Unknown(FuzzTargets targets) =>
        from count in Gen.Choose(0, 4)
        from alerts in Gen.ListOf(Alert(Gen.Elements([FuzzTargets.NeverDeployed, .. FuzzTargets.FuzzGraphs, .. FuzzValues.BadNames, .. FuzzValues.Unicode]),
            Gen.Elements([.. FuzzTargets.PlaygroundServices, .. FuzzValues.BadNames])), count)
        select (new JsonArray([.. alerts]), false);

    private static Gen<JsonNode?> Alert(Gen<string> graphs, Gen<string> services, bool mutate = true) =>
        from graph in graphs
        from service in services
        from startsAt in Gen.Frequency((3, Gen.Constant("2026-11-23T10:00:00Z")), (2, Gen.Choose(0, 100_000).Select(s => DateTimeOffset.UnixEpoch.AddDays(20_000).AddSeconds(s).ToString("O"))), (2, Gen.Elements(Times)))
        from status in Gen.Frequency((6, Gen.Constant("firing")), (1, Gen.Elements(Statuses)))
        from fingerprint in Gen.Frequency((4, Gen.Elements("0123456789abcdef", "fedcba9876543210")), (1, FuzzValues.HostileString))
        let alert = new JsonObject
        {
            ["status"] = status,
            ["labels"] = new JsonObject { ["alertname"] = "shop-web-busy", ["service"] = service, ["smo_graph"] = graph, ["severity"] = "critical" },
            ["annotations"] = new JsonObject(),
            ["startsAt"] = startsAt,
            ["endsAt"] = "0001-01-01T00:00:00Z",
            ["generatorURL"] = "http://prometheus:9090/graph",
            ["fingerprint"] = fingerprint,
        }
        from labels in mutate
            ? Gen.Frequency((3, Gen.Constant((JsonNode)alert)), (1, LabelMutations(alert)))
            : Gen.Constant((JsonNode)alert)
        select (JsonNode?)labels;

    /// <summary>Labels and annotations with hostile keys and values, the graph and service labels left as they are.</summary>
    private static Gen<JsonNode> LabelMutations(JsonObject alert) =>
        from key in FuzzValues.HostileKey
        from value in FuzzValues.Scalar
        from part in Gen.Elements("labels", "annotations")
        let copy = (JsonObject)alert.DeepClone()
        select (JsonNode)Set(copy, part, key, value);

    private static JsonArray Insert(JsonArray alerts, int at, JsonNode alert)
    {
        var copy = (JsonArray)alerts.DeepClone();
        copy.Insert(at, alert);
        return copy;
    }

    private static JsonObject Set(JsonObject node, string key, JsonNode? value)
    {
        node[key] = value;
        return node;
    }

    private static JsonObject Set(JsonObject alert, string where, string key, JsonNode? value)
    {
        if (where == "annotations" || key is not ("smo_graph" or "service"))
        {
            ((JsonObject)alert[where]!)[key] = value;
        }

        return alert;
    }

    /// <summary>Mutations that leave the alerts alone: version, status, receiver, group labels, unknown fields.</summary>
    private static Gen<JsonNode> TopLevelMutations(JsonObject webhook) =>
        from key in Gen.Elements("version", "status", "receiver", "groupKey", "truncatedAlerts", "groupLabels", "commonLabels", "externalURL", "fuzzExtra")
        from value in FuzzValues.AnyValue
        select TreeMutations.Replace(webhook, [key], value);

    private static Gen<FuzzRequest> Garbage =>
        from body in Gen.Frequency(
            (2, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")),
            (3, Gen.Elements("", "null", "[]", "{}", "{\"alerts\": null}", "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"smo\",\"alerts\":{}}",
                "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"smo\",\"alerts\":[1,\"a\",null,[]]}", new string('[', 100_000), "{\"a\":" + new string('{', 5_000))),
            (1, Gen.Constant("{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"smo\",\"alerts\":[" + string.Join(',', Enumerable.Repeat("{}", 50_000)) + "]}")))
        from credentials in Credentials.ForWebhook
        select FuzzRequest.Create(Family, "POST", "/alerts", "", credentials, body);
}
