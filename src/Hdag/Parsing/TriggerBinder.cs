namespace Smo.Hdag.Parsing;

/// <summary>Reads <c>deployment.trigger</c>: exactly one of <c>auto</c> (with dependencies) or <c>event</c>.</summary>
internal static class TriggerBinder
{
    private const string Expected = "a mapping with exactly one of 'auto' or 'event'";
    private const string AutoKey = "auto";
    private const string EventKey = "event";
    private const string TypeKey = "type";
    private const string UninstallAfterResolvedKey = "uninstallAfterResolved";

    private const string DeployedAtOnce = "the original SMO deployed every trigger without 'event' at once";

    private const string IgnoredCondition = "the original SMO read condition and ignored it: any one event installed the service";

    private static readonly Dictionary<string, EventCombination> Combinations = new() { ["ANY"] = EventCombination.Any, ["ALL"] = EventCombination.All };

    public static DeploymentTrigger? Bind(MappingReader deployment, string serviceId, CrossChecks checks)
    {
        var field = deployment["trigger"];
        var trigger = field.AsMapping(required: true, Expected);
        if (trigger is null)
        {
            return null;
        }

        var kinds = new[] { AutoKey, EventKey }.Where(trigger.Has).ToList();
        if (kinds.Count == 0 && StandardType(trigger))
        {
            trigger.WarnAboutUnknownFields();
            return DeploymentTrigger.Automatic([]);
        }

        if (kinds.Count != 1)
        {
            // Guessing would be dangerous: a misspelt event trigger read as auto deploys a conditional service at once.
            field.Error(kinds.Count == 0 ? field.Node!.Describe() : "both 'auto' and 'event'", Expected, kinds.Count == 0 ? DeployedAtOnce : null);
            trigger.Keep(AutoKey, EventKey);
            trigger.WarnAboutUnknownFields();
            return null;
        }

        var bound = kinds[0] == AutoKey ? Automatic(trigger, serviceId, checks) : OnEvent(trigger, checks);
        trigger.WarnAboutUnknownFields();
        return bound;
    }

    /// <summary>
    /// <c>{type: standard}</c>, the shape the H3NI monorepo's client and tests send: the original deployed every trigger
    /// without <c>event</c> at once, so it is an automatic trigger without dependencies — said in a warning. Only that
    /// value: any other <c>type</c> might be a conditional service misspelt, and is refused as before.
    /// </summary>
    private static bool StandardType(MappingReader trigger)
    {
        var type = trigger[TypeKey];
        if (type.Node is not ScalarNode { Kind: ScalarKind.String, Text: "standard" })
        {
            return false;
        }

        type.AsString(required: true, "standard");
        type.Warning("type 'standard'", "auto: {dependencies: []} (read as that)", DeployedAtOnce);
        return true;
    }

    private static DeploymentTrigger? Automatic(MappingReader trigger, string serviceId, CrossChecks checks)
    {
        var auto = trigger[AutoKey];
        var block = auto.AsMapping(required: false, "a mapping with dependencies");
        if (block is null)
        {
            return auto.IsAbsent ? DeploymentTrigger.Automatic([]) : null;
        }

        var dependencies = block["dependencies"].AsStrings("service ids");
        checks.References.AddRange(dependencies.Select(d => new ServiceReference(serviceId, d.Value, d.Field, ReferenceKind.Dependency)));
        block.WarnAboutUnknownFields();
        return DeploymentTrigger.Automatic([.. dependencies.Select(d => d.Value).Distinct()]);
    }

    private static DeploymentTrigger? OnEvent(MappingReader trigger, CrossChecks checks)
    {
        var block = trigger[EventKey].AsMapping(required: true, "a mapping with condition and events");
        if (block is null)
        {
            return null;
        }

        var combination = Combination(block["condition"]);
        var events = new List<TriggerEvent>();
        var valid = combination is not null;
        foreach (var item in block["events"].AsSequence(required: true, "a non-empty sequence of events"))
        {
            var triggerEvent = Event(item, checks);
            valid &= triggerEvent is not null;
            if (triggerEvent is not null)
            {
                events.Add(triggerEvent);
            }
        }

        var uninstallAfter = UninstallAfterResolved(block[UninstallAfterResolvedKey]);
        block.WarnAboutUnknownFields();
        return valid && events.Count > 0
            ? DeploymentTrigger.OnEvent(new EventTrigger(combination!.Value, events) { UninstallAfterResolved = uninstallAfter })
            : null;
    }

    /// <summary>
    /// <c>condition</c>: <c>ANY</c> (the default) or <c>ALL</c>. Every event is its own alert and any one installs the
    /// service, so <c>ALL</c> is read as <c>ANY</c>, as the original read it, and said; any other value is refused, as
    /// a misspelling would otherwise change nothing silently.
    /// </summary>
    private static EventCombination? Combination(Field field)
    {
        var combination = field.AsChoice(Combinations, EventCombination.Any, IgnoredCondition);
        if (combination == EventCombination.All)
        {
            field.Warning("condition ALL", "ANY (read as ANY: each event is its own alert, and any one firing installs the service)", IgnoredCondition);
            return EventCombination.Any;
        }

        return combination;
    }

    /// <summary>A positive Prometheus duration: zero would uninstall the moment an alert resolves, however briefly.</summary>
    private static TimeSpan? UninstallAfterResolved(Field field)
    {
        var text = PrometheusDuration.Read(field);
        var after = text is null ? null : PrometheusDuration.Parse(text);
        if (after == TimeSpan.Zero)
        {
            field.Error($"'{text}'", "a positive duration such as 30s or 10m (how long the alerts must stay resolved)");
            return null;
        }

        return after;
    }

    private static TriggerEvent? Event(Field item, CrossChecks checks)
    {
        var triggerEvent = item.AsMapping(required: true, "a mapping with id, source and condition");
        if (triggerEvent is null)
        {
            return null;
        }

        var id = checks.AlertName(triggerEvent["id"], "the event id (the alert name)");
        var sources = Sources(triggerEvent["source"]);
        var condition = triggerEvent["condition"].AsMapping(required: true, "a mapping with promQuery, gracePeriod and description");
        var query = condition?["promQuery"].AsString(required: true, "a PromQL expression");
        var gracePeriod = condition is null ? null : PrometheusDuration.Read(condition["gracePeriod"]);
        var description = condition?["description"].AsString(required: false, "a string");
        var severity = condition?["severity"].AsString(required: false, "an alert severity such as critical or warning");
        condition?.WarnAboutUnknownFields();
        triggerEvent.WarnAboutUnknownFields();
        return id is null || query is null
            ? null
            : new TriggerEvent(id, query) { GracePeriod = gracePeriod, Description = description, Severity = severity, Sources = sources };
    }

    private static IReadOnlyList<EventSource> Sources(Field field)
    {
        var sources = new List<EventSource>();
        foreach (var item in field.AsSequence(required: false, "a sequence of {serviceId, metricId}"))
        {
            if (item.AsMapping(required: true, "a mapping with serviceId and metricId") is { } source)
            {
                sources.Add(new EventSource(source["serviceId"].AsString(false, "a service id"), source["metricId"].AsString(false, "a metric id")));
                source.WarnAboutUnknownFields();
            }
        }

        return sources;
    }
}
