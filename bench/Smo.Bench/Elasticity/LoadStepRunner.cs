using System.Diagnostics;
using Smo.Bench.Stack;

namespace Smo.Bench.Elasticity;

/// <summary>
/// Changes the offered load of one service in the simulator and watches its Deployment there until the replicas
/// settle: every time is the simulator's, from the moment the load took effect to the scale call as the cluster
/// received it and to the ready replicas as the cluster reports them — not the autoscaler's own account.
/// </summary>
/// <param name="hostLatency">The host's account of its first scale call since a time (see <see cref="GraphApi"/>).</param>
internal sealed class LoadStepRunner(
    SimulatorControl simulator, string service, ElasticityTiming timing,
    Func<DateTimeOffset, CancellationToken, Task<TimeSpan?>> hostLatency)
{
    public ElasticityTiming Timing => timing;

    /// <param name="direction">The scale call that answers the step; null (calibration) when any will do.</param>
    /// <param name="replicas">The replica count the level settles at; null (calibration) to learn it.</param>
    public async Task<StepOutcome> ChangeLoadAsync(double rate, StepDirection? direction, int? replicas, CancellationToken cancellationToken)
    {
        var stepAt = await simulator.SetLoadAsync(service, rate, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        TimeSpan? firstScaleCall = null, ready = null, hostTickToScaleCall = null;
        var contrary = 0;
        int? desired = null;
        var lastChange = stepAt;
        DeploymentState? deployment = null;
        while (Stopwatch.GetElapsedTime(started) < timing.StepTimeout)
        {
            var state = await simulator.StateAsync(cancellationToken);
            deployment = state.Deployments.SingleOrDefault(d => d.Name == service)
                ?? throw new InvalidOperationException($"The simulator has no Deployment {service}.");
            var writes = (await simulator.ScaleWritesAsync(cancellationToken))
                .Where(w => w.Deployment == service && w.Namespace == deployment.Namespace && w.At >= stepAt)
                .ToList();
            firstScaleCall ??= writes.FirstOrDefault(w => Answers(w, direction))?.At - stepAt;
            if (direction is not null && firstScaleCall is not null && hostTickToScaleCall is null)
            {
                // Read while the decision is among the host's latest: the loop records one every tick.
                hostTickToScaleCall = await hostLatency(stepAt, cancellationToken);
            }

            contrary = direction is null ? 0 : writes.Count(w => w.Replicas != w.PreviousReplicas && !Answers(w, direction));
            if (direction == StepDirection.Up && ready is null && deployment.ReadyReplicas >= replicas)
            {
                ready = state.Now - stepAt;
            }

            if (deployment.DesiredReplicas != desired)
            {
                desired = deployment.DesiredReplicas;
                lastChange = state.Now;
            }

            var settled = state.Now - stepAt >= timing.SettleAfter
                && state.Now - lastChange >= timing.StableFor
                && deployment.ReadyReplicas == deployment.DesiredReplicas
                && (replicas is null || deployment.DesiredReplicas == replicas)
                && (direction is null || firstScaleCall is not null);
            if (settled)
            {
                return new StepOutcome(firstScaleCall, hostTickToScaleCall, ready, deployment.DesiredReplicas, true, contrary);
            }

            await Task.Delay(ElasticityTiming.PollInterval, cancellationToken);
        }

        return new StepOutcome(firstScaleCall, hostTickToScaleCall, ready, deployment?.DesiredReplicas ?? 0, false, contrary);
    }

    private static bool Answers(ScaleWrite write, StepDirection? direction) => direction switch
    {
        StepDirection.Up => write.Replicas > write.PreviousReplicas,
        StepDirection.Down => write.Replicas < write.PreviousReplicas,
        _ => true,
    };
}
