using Smo.Simulator.Faults;
using Smo.Simulator.Federation;

namespace Smo.Simulator.Control;

public static class SnapshotBuilder
{
    public static SimulationSnapshot Build(FederationState state) => new(
        state.Scenario.Name,
        state.LastStep.TotalSeconds,
        state.Clock.StartedAt + state.LastStep,
        state.Clock.Manual,
        state.Scenario.Simulation.PodStartDelay.TotalSeconds,
        state.Clusters.Values.Select(c => new ClusterSnapshot(
            c.Name, c.Spec.Region, c.Spec.Zone, c.Ready, c.NotReadyReason, (double)c.Spec.CpuCores, (double)c.Allocated.Cpu,
            c.Spec.Gpus, c.Utilisation, c.PowerWatts, c.EnergyJoules, c.CarbonIntensity, c.CarbonGrams)).ToList(),
        state.Deployments.Values.OrderBy(d => d.Namespace, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => new DeploymentSnapshot(d.Namespace, d.Name, d.Cluster, d.DesiredReplicas, d.PodCount,
                d.Pods.Count(p => !p.Scheduled), d.ReadyReplicas, (double)d.Resources.CpuLimit, d.Claim?.Policy?.Name,
                d.Shares.Select(s => new DeploymentShareSnapshot(s.Cluster, s.Replicas, s.Pods.Count, s.Pods.Count(p => !p.Scheduled), s.ReadyReplicas)).ToList()))
            .ToList(),
        state.Services.Values.OrderBy(s => s.Service, StringComparer.Ordinal)
            .Select(s => new ServiceSnapshot(s.Service, s.Offered, s.Served, s.Capacity, s.ReadyReplicas, s.OfferedRequests, s.ServedRequests,
                s.RejectedRequests, state.LoadOverrides.TryGetValue(s.Service, out var forced) ? forced : null)).ToList(),
        state.Releases.Values.OrderBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new ReleaseSnapshot(r.Name, r.Namespace, r.Chart, r.Revision, r.Status, r.Cluster)).ToList(),
        state.Faults.All.Select(f => Fault(f, state.Clock.Elapsed)).ToList());

    public static FaultSnapshot Fault(ActiveFault fault, TimeSpan now) => new(
        fault.Id,
        char.ToLowerInvariant(fault.Spec.Type.ToString()[0]) + fault.Spec.Type.ToString()[1..],
        fault.Spec.Status,
        fault.Spec.Rate,
        fault.Spec.Count,
        fault.Hits,
        fault.Spec.Paths,
        fault.Spec.Methods,
        fault.StartsAt.TotalSeconds,
        fault.EndsAt?.TotalSeconds,
        fault.Spec.Delay.TotalSeconds,
        fault.Spec.Cluster,
        fault.Spec.Reason,
        fault.IsActive(now));
}
