namespace Smo.Simulator.Federation;

/// <summary>A pod of a simulated Deployment: pending until it fits on its cluster, ready a start delay later.</summary>
public sealed class SimulatedPod
{
    public bool Scheduled { get; private set; }

    public TimeSpan ReadyAt { get; private set; } = TimeSpan.MaxValue;

    public void Schedule(TimeSpan now, TimeSpan startDelay)
    {
        Scheduled = true;
        ReadyAt = now + startDelay;
    }

    public bool IsStarted(TimeSpan now) => Scheduled && ReadyAt <= now;
}
