namespace Smo.Durable.Dispatch;

/// <summary>How the in-process worker asks for work and runs it.</summary>
/// <param name="OnlyRegistered">Ask only for the registered orchestrators and activities.</param>
internal sealed record InProcessWorkerOptions(bool OnlyRegistered)
{
    /// <summary>How long an orchestration stays in memory between episodes (an extended session); zero: never.</summary>
    public TimeSpan ExtendedSessionIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
