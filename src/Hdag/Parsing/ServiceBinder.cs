namespace Smo.Hdag.Parsing;

/// <summary>Reads one entry of <c>hdaGraph.services</c>.</summary>
internal static class ServiceBinder
{
    public static BoundService Bind(Field item, HdagParserOptions options)
    {
        var service = item.AsMapping(required: true, "a mapping with id, deployment and artifact");
        if (service is null)
        {
            return new BoundService(null, null, item, []);
        }

        var idField = service["id"];
        var id = KubernetesName.Read(idField, KubernetesName.MaxServiceIdLength);
        var checks = new CrossChecks();
        var owner = id ?? item.Path;
        var deployment = service["deployment"].AsMapping(required: true, "a mapping with trigger and intent");
        var trigger = deployment is null ? null : TriggerBinder.Bind(deployment, owner, checks);
        var intent = deployment is null ? null : IntentBinder.Bind(deployment, owner, options, checks);
        deployment?.WarnAboutUnknownFields();
        var artifact = ArtifactBinder.Bind(service["artifact"]);
        var scaling = ExtensionBinder.Scaling(service["scaling"]);
        var policies = ExtensionBinder.Policies(service["policies"], checks);
        var pre2024 = Pre2024Shapes.Service(service);
        service.WarnAboutUnknownFields();

        var bound = id is null || trigger is null || intent is null || artifact is null || scaling is null || pre2024
            ? null
            : new HdaService(id, trigger, intent, artifact) { Scaling = scaling, Policies = policies };
        return new BoundService(bound, id, idField, checks.References);
    }
}
