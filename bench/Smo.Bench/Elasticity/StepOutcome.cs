namespace Smo.Bench.Elasticity;

/// <summary>Which way a load step goes: up needs more replicas, down fewer.</summary>
internal enum StepDirection
{
    Up,
    Down,
}

/// <summary>
/// What one load change led to, on the simulator's clock: the first scale call in the step's direction, the
/// moment the ready replicas reached the target, and whether the deployment settled before the timeout; and the
/// host's own account of that call (its tick's due time to the call), which the rest of the first figure is not.
/// </summary>
internal sealed record StepOutcome(
    TimeSpan? FirstScaleCall,
    TimeSpan? HostTickToScaleCall,
    TimeSpan? Ready,
    int Replicas,
    bool Settled,
    int ContraryWrites);
