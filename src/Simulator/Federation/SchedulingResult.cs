namespace Smo.Simulator.Federation;

/// <summary>
/// The verdict of the scheduler on a binding (its Scheduled condition): the clusters with their replicas when it
/// succeeded; otherwise Karmada's reason (NoClusterFit, SchedulerError) and message, the previous result standing.
/// </summary>
public sealed record SchedulingResult(IReadOnlyList<(string Cluster, int Replicas)>? Clusters, string Reason, string Message)
{
    public bool Succeeded => Clusters is not null;

    public static SchedulingResult Success(IReadOnlyList<(string Cluster, int Replicas)> clusters) =>
        new(clusters, "Success", "Binding has been scheduled successfully.");

    public static SchedulingResult Failure(string reason, string message) => new(null, reason, message);
}
