namespace Smo.Durable;

/// <summary>What an activity knows about the call it is serving.</summary>
public sealed record TaskActivityContext(
    string Name,
    string InstanceId,
    string ExecutionId,
    int TaskId,
    int DeliveryCount,
    CancellationToken CancellationToken)
{
    /// <summary>Stable across redeliveries of one scheduled call: <c>instance:execution:taskId</c>.</summary>
    public string IdempotencyKey => $"{InstanceId}:{ExecutionId}:{TaskId}";
}
