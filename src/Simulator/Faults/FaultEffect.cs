namespace Smo.Simulator.Faults;

/// <summary>What the faults in force do to one request.</summary>
public sealed record FaultEffect(TimeSpan Delay, int? ErrorStatus, bool Hang, IReadOnlyList<int> FaultIds)
{
    public static readonly FaultEffect None = new(TimeSpan.Zero, null, false, []);

    public bool IsNone => Delay == TimeSpan.Zero && ErrorStatus is null && !Hang;
}
