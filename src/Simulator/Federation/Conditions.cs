using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;

namespace Smo.Simulator.Federation;

/// <summary>Status conditions that keep their timestamps while nothing about them changes, so an unchanged status is byte-identical.</summary>
public static class Conditions
{
    /// <param name="previous">The conditions written last time, if any.</param>
    /// <param name="withUpdateTime">apps/v1 conditions carry <c>lastUpdateTime</c>; metav1.Condition does not.</param>
    public static JsonObject Condition(JsonArray? previous, DateTimeOffset now, string type, bool isTrue, string reason, string message, bool withUpdateTime)
    {
        var before = previous?.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == type);
        var status = isTrue ? "True" : "False";
        var timestamp = ObjectStore.Timestamp(now);
        var transitioned = before?.StringAt("status") != status;
        var updated = transitioned || before?.StringAt("reason") != reason || before?.StringAt("message") != message;
        var condition = new JsonObject { ["type"] = type, ["status"] = status };
        if (withUpdateTime)
        {
            condition["lastUpdateTime"] = updated ? timestamp : before!.StringAt("lastUpdateTime");
        }
        condition["lastTransitionTime"] = transitioned ? timestamp : before!.StringAt("lastTransitionTime");
        condition["reason"] = reason;
        condition["message"] = message;
        return condition;
    }
}
