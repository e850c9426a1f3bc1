namespace Smo.Simulator.Faults;

/// <summary>What the faults in force do to one request.</summary>
/// <param name="ConcurrentWriteFault">The concurrentWrite fault that changes the addressed object first; null = none.</param>
public sealed record FaultEffect(TimeSpan Delay, int? ErrorStatus, bool Hang, int? ConcurrentWriteFault, IReadOnlyList<int> FaultIds)
{
    public static readonly FaultEffect None = new(TimeSpan.Zero, null, false, null, []);

    public bool IsNone => Delay == TimeSpan.Zero && ErrorStatus is null && !Hang && ConcurrentWriteFault is null;
}
