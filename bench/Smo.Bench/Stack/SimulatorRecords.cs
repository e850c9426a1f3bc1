namespace Smo.Bench.Stack;

/// <summary>One write through a Deployment's scale subresource, stamped by the simulator (GET /sim/scale-writes).</summary>
internal sealed record ScaleWrite(string Namespace, string Deployment, long PreviousReplicas, long Replicas, DateTimeOffset At);

/// <summary>The part of GET /sim/state the suite reads; <see cref="Now"/> is on the clock scale writes are stamped with.</summary>
internal sealed record SimulatorState(DateTimeOffset Now, double PodStartDelaySeconds, IReadOnlyList<DeploymentState> Deployments);

internal sealed record DeploymentState(string Namespace, string Name, int DesiredReplicas, int ReadyReplicas);

/// <summary>The answer of PUT /sim/load/{service}: when the new load took effect.</summary>
internal sealed record LoadSet(string Service, double Rate, DateTimeOffset At);
