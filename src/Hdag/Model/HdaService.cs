namespace Smo.Hdag;

/// <summary>One service of the graph: when and with what it is deployed, and which chart deploys it.</summary>
/// <param name="Id">Unique within the graph; also the Helm release and Kubernetes Deployment name.</param>
public sealed record HdaService(string Id, DeploymentTrigger Trigger, ServiceIntent Intent, ServiceArtifact Artifact)
{
    /// <summary>H3NI: capacity model and replica bounds for the scaling strategy.</summary>
    public ScalingParameters Scaling { get; init; } = ScalingParameters.None;

    /// <summary>H3NI: operational policies (offload, migration) that Prometheus conditions trigger.</summary>
    public IReadOnlyList<OperationalPolicy> Policies { get; init; } = [];

    /// <summary>Deployed only when one of its trigger events fires, not with the graph.</summary>
    public bool IsConditional => Trigger.Event is not null;
}
