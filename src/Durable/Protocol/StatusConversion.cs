using P = Microsoft.DurableTask.Protobuf;

namespace Smo.Durable.Protocol;

/// <summary>The stored status and the protocol's status name the same states.</summary>
internal static class StatusConversion
{
    public static P.OrchestrationStatus ToProto(this OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => P.OrchestrationStatus.Pending,
        OrchestrationRuntimeStatus.Running => P.OrchestrationStatus.Running,
        OrchestrationRuntimeStatus.Completed => P.OrchestrationStatus.Completed,
        OrchestrationRuntimeStatus.Failed => P.OrchestrationStatus.Failed,
        OrchestrationRuntimeStatus.Terminated => P.OrchestrationStatus.Terminated,
        OrchestrationRuntimeStatus.Suspended => P.OrchestrationStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Null for protocol states Smo never stores (ContinuedAsNew, Canceled).</summary>
    public static OrchestrationRuntimeStatus? FromProto(this P.OrchestrationStatus status) => status switch
    {
        P.OrchestrationStatus.Pending => OrchestrationRuntimeStatus.Pending,
        P.OrchestrationStatus.Running => OrchestrationRuntimeStatus.Running,
        P.OrchestrationStatus.Completed => OrchestrationRuntimeStatus.Completed,
        P.OrchestrationStatus.Failed => OrchestrationRuntimeStatus.Failed,
        P.OrchestrationStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
        P.OrchestrationStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
        _ => null,
    };
}
