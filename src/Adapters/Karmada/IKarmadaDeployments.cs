namespace Smo.Adapters.Karmada;

/// <summary>The Deployments of a graph's services on the Karmada API server (its namespace is the graph's project).</summary>
public interface IKarmadaDeployments
{
    Task<DeploymentReplicas> GetReplicasAsync(string @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// The replicas of every Deployment of <paramref name="namespace"/>, by name, from one list call: what a scaling
    /// tick reads instead of one GET per service. A Deployment that is not in the answer does not exist; a namespace
    /// that does not exist has none.
    /// </summary>
    Task<IReadOnlyDictionary<string, DeploymentReplicas>> ListReplicasAsync(string @namespace, CancellationToken cancellationToken = default);

    /// <summary>Sets the desired replicas through the scale subresource; returns the replicas the server accepted.</summary>
    Task<int> ScaleAsync(string @namespace, string name, int replicas, CancellationToken cancellationToken = default);

    Task<DeploymentCpuLimit> GetCpuLimitAsync(string @namespace, string name, CancellationToken cancellationToken = default);
}

/// <param name="Desired">spec.replicas.</param>
/// <param name="Ready">status.readyReplicas (omitted by the server when 0).</param>
/// <param name="Available">status.availableReplicas (omitted by the server when 0).</param>
public sealed record DeploymentReplicas(int Desired, int Ready, int Available);

/// <summary>CPU limit of one pod of a Deployment: the sum over all its containers.</summary>
/// <param name="ContainersWithoutLimit">Containers that set no CPU limit (not counted in <paramref name="Cores"/>).</param>
public sealed record DeploymentCpuLimit(double Cores, IReadOnlyList<string> ContainersWithoutLimit);
