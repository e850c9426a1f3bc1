namespace Smo.Durable;

/// <summary>Options for one activity or sub-orchestration call.</summary>
public record TaskOptions(RetryPolicy? Retry = null);

/// <summary>Options for a sub-orchestration call: retry and the child's instance id.</summary>
public sealed record SubOrchestrationOptions(RetryPolicy? Retry = null, string? InstanceId = null) : TaskOptions(Retry);
