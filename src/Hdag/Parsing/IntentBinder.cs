namespace Smo.Hdag.Parsing;

/// <summary>Reads <c>deployment.intent</c>: compute, network links and connection points.</summary>
internal static class IntentBinder
{
    private static readonly Dictionary<string, LatencyClass> LatencyClasses = new()
    {
        ["ultralow"] = LatencyClass.UltraLow,
        ["low"] = LatencyClass.Low,
        ["best-effort"] = LatencyClass.BestEffort,
    };

    private static readonly Dictionary<string, RecoveryPolicy> RecoveryPolicies = new()
    {
        ["automatic"] = RecoveryPolicy.Automatic,
        ["manual_trigger"] = RecoveryPolicy.ManualTrigger,
    };

    public static ServiceIntent? Bind(MappingReader deployment, string serviceId, HdagParserOptions options, CrossChecks checks)
    {
        var intent = deployment["intent"].AsMapping(required: true, "a mapping with compute, network and connectionPoints");
        if (intent is null)
        {
            return null;
        }

        var compute = ComputeBinder.Bind(intent, options);
        var network = Network(intent, serviceId, checks);
        var connectionPoints = intent["connectionPoints"].AsStrings("service ids");
        checks.References.AddRange(connectionPoints.Select(c => new ServiceReference(serviceId, c.Value, c.Field, ReferenceKind.ConnectionPoint)));
        var availability = Availability(intent["highAvailability"]);
        intent.Keep("coLocation", "metrics");
        intent.WarnAboutUnknownFields();
        return compute is null || network is null || availability is null
            ? null
            : new ServiceIntent(compute, network, [.. connectionPoints.Select(c => c.Value).Distinct()]) { Availability = availability };
    }

    /// <summary>
    /// <c>intent.highAvailability</c>: <c>enabled</c>, <c>replicasAcrossClusters</c> and <c>recoveryPolicy</c>, as NEPHELE's
    /// resilience demo (demo4) writes them in its comments. Null when the block is wrong (an error says where).
    /// </summary>
    private static ServiceAvailability? Availability(Field field)
    {
        var block = field.AsMapping(required: false, "a mapping with enabled, replicasAcrossClusters and recoveryPolicy");
        if (block is null)
        {
            return field.IsAbsent ? ServiceAvailability.None : null;
        }

        var enabledField = block["enabled"];
        var enabled = enabledField.AsBool();
        var clustersField = block["replicasAcrossClusters"];
        var clusters = clustersField.AsInteger(1, "a whole number ≥ 1 (distinct clusters that run the service)");
        var recovery = block["recoveryPolicy"].AsChoice(RecoveryPolicies, RecoveryPolicy.Automatic);
        block.WarnAboutUnknownFields();
        var valid = (enabled is not null || enabledField.IsAbsent) && (clusters is not null || clustersField.IsAbsent) && recovery is not null;
        return valid ? new ServiceAvailability(enabled, clusters, recovery!.Value) : null;
    }

    private static NetworkIntent? Network(MappingReader intent, string serviceId, CrossChecks checks)
    {
        var field = intent["network"];
        var network = field.AsMapping(required: false, "a mapping with deviceProximity and latencies");
        if (network is null)
        {
            // `network:` with nothing after it is null, which is absent, not a failure: a failure has reported an error.
            return field.IsAbsent ? NetworkIntent.None : null;
        }

        IgnoredConnectionPoints(network.Recognised("connectionPoints"));
        var deviceProximity = network.Enabled("deviceProximity");
        var links = new List<LinkIntent>();
        var valid = true;
        foreach (var entry in network["latencies"].AsSequence(required: false, "a sequence of {connectionPoint, qos}"))
        {
            var link = entry.AsMapping(required: true, "a mapping with connectionPoint, qos and optionally weight");
            if (link is null)
            {
                valid = false;
                continue;
            }

            var target = link["connectionPoint"];
            var name = target.AsString(required: false, "a service id");
            var latency = link["qos"].AsChoice(LatencyClasses, LatencyClass.BestEffort);
            var weight = link["weight"].AsNumber(w => double.IsFinite(w) && w > 0, "a positive traffic weight");
            valid &= latency is not null && (weight is not null || link["weight"].IsAbsent);
            link.WarnAboutUnknownFields();

            // Descriptor templates carry `connectionPoint: ""` as "no link"; only named links mean something.
            if (!string.IsNullOrWhiteSpace(name) && latency is not null)
            {
                links.Add(new LinkIntent(name, latency.Value, weight ?? LinkIntent.DefaultTrafficWeight));
                checks.References.Add(new ServiceReference(serviceId, name, target, ReferenceKind.Link));
            }
        }

        network.WarnAboutUnknownFields();
        return valid ? new NetworkIntent(deviceProximity, links) : null;
    }

    /// <summary>
    /// <c>network.connectionPoints</c> (the GPU demo's descriptor has it): no SMO read it there, so neither does Smo,
    /// but a non-empty one says something its writer meant, so the warning says where it is read.
    /// </summary>
    private static void IgnoredConnectionPoints(Field field)
    {
        if (field.Node is not (null or ScalarNode { Kind: ScalarKind.Null } or SequenceNode { Items.Count: 0 }))
        {
            field.Warning($"connectionPoints under network: {field.Node.Describe()} (ignored)",
                "deployment.intent.connectionPoints, beside network, for the services this one connects to",
                "the original SMO ignored it too: it read intent.connectionPoints only");
        }
    }
}
