using Smo.Simulator.Scenarios;

namespace Smo.Simulator.Federation;

/// <summary>
/// One workload step: offered load per service, served = min(offered, α·ready + β) (nothing without a ready
/// replica), request counters, and per cluster power = PUE × cores × (idle + utilisation × (max − idle)),
/// energy and carbon.
/// </summary>
public static class WorkloadModel
{
    private const double JoulesPerKilowattHour = 3.6e6;

    public static void Step(FederationState state, TimeSpan at, TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        foreach (var cluster in state.Clusters.Values)
        {
            cluster.BusyCores = 0;
        }
        foreach (var entry in Index(state).Services)
        {
            StepService(state, entry, at, seconds);
        }
        foreach (var cluster in state.Clusters.Values)
        {
            var energy = cluster.Spec.Energy;
            var cores = (double)cluster.Spec.CpuCores;
            cluster.CarbonIntensity = cluster.Spec.CarbonIntensity.ValueAt(at);
            cluster.PowerWatts = energy.Pue * cores * (energy.IdleWattsPerCore + cluster.Utilisation * (energy.MaxWattsPerCore - energy.IdleWattsPerCore));
            var joules = cluster.PowerWatts * seconds;
            cluster.EnergyJoules += joules;
            cluster.CarbonGrams += joules / JoulesPerKilowattHour * cluster.CarbonIntensity;
        }
    }

    private static void StepService(FederationState state, ServiceEntry entry, TimeSpan at, double seconds)
    {
        var (service, workload, deployments, load) = (entry.Service, entry.Workload, entry.Deployments, entry.Load);
        var ready = 0;
        foreach (var deployment in deployments)
        {
            ready += deployment.ReadyReplicas;
        }

        var alpha = workload?.Alpha ?? WorkloadSpec.DefaultAlpha;
        load.Offered = state.LoadOverrides.TryGetValue(service, out var forced) ? forced : workload?.Load.ValueAt(at) ?? 0;
        load.ReadyReplicas = ready;
        load.Capacity = ready > 0 ? alpha * ready + (workload?.Beta ?? 0) : 0;
        load.Served = Math.Min(load.Offered, load.Capacity);
        load.OfferedRequests += load.Offered * seconds;
        // Requests only reach an app that exists; flask counts the served ones as 200 and the overflow as 503.
        if (deployments.Length > 0)
        {
            load.ServedRequests += load.Served * seconds;
            load.RejectedRequests += (load.Offered - load.Served) * seconds;
            CountByNamespace(load, deployments, ready, seconds);
        }
        var utilisation = load.Capacity > 0 ? load.Served / load.Capacity : 0;
        // The load spreads over every ready replica wherever it runs: each member is as busy as its share of them.
        foreach (var deployment in deployments)
        {
            foreach (var share in deployment.Shares)
            {
                if (state.Clusters.TryGetValue(share.Cluster, out var cluster))
                {
                    cluster.BusyCores += utilisation * share.ReadyReplicas * (double)deployment.Resources.CpuLimit;
                }
            }
        }
    }

    /// <summary>
    /// Runs for every service at every step, so it allocates nothing: a service whose Deployments share one namespace
    /// (nearly all) adds to one counter; only one spread over namespaces is divided.
    /// </summary>
    private static void CountByNamespace(ServiceLoad load, DeploymentRuntime[] deployments, int ready, double seconds)
    {
        var served = load.Served * seconds;
        var rejected = (load.Offered - load.Served) * seconds;
        var first = deployments[0].Namespace;
        var oneNamespace = true;
        var desired = 0;
        foreach (var deployment in deployments)
        {
            oneNamespace &= deployment.Namespace == first;
            desired += deployment.DesiredReplicas;
        }

        if (oneNamespace)
        {
            Counters(load, first).Add(served, rejected);
            return;
        }

        foreach (var group in deployments.GroupBy(d => d.Namespace, StringComparer.Ordinal))
        {
            var readyShare = ready > 0 ? (double)group.Sum(d => d.ReadyReplicas) / ready : 0;
            var desiredShare = desired > 0
                ? (double)group.Sum(d => d.DesiredReplicas) / desired
                : 1.0 / deployments.Select(d => d.Namespace).Distinct(StringComparer.Ordinal).Count();
            Counters(load, group.Key).Add(served * readyShare, rejected * desiredShare);
        }
    }

    private static RequestCounters Counters(ServiceLoad load, string ns)
    {
        if (!load.ByNamespace.TryGetValue(ns, out var counters))
        {
            load.ByNamespace[ns] = counters = new RequestCounters();
        }

        return counters;
    }

    private static ServiceLoad Load(FederationState state, string service)
    {
        if (!state.Services.TryGetValue(service, out var load))
        {
            load = new ServiceLoad(service);
            state.Services[service] = load;
        }
        return load;
    }

    /// <summary>Whether the current index steps <paramref name="service"/>.</summary>
    public static bool Steps(FederationState state, string service) =>
        state.WorkloadIndex is { } index && index.Version == state.ServiceSetVersion && index.Names.Contains(service);

    /// <summary>
    /// The services with their workload and Deployments, rebuilt only when the set of services changes: a step runs
    /// before every API answer, and a federation of thousands of services must not regroup its Deployments each time.
    /// </summary>
    private static WorkloadIndex Index(FederationState state)
    {
        if (state.WorkloadIndex is { } index && index.Version == state.ServiceSetVersion)
        {
            return index;
        }

        var workloads = state.Scenario.Workloads.GroupBy(w => w.Service, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var deploymentsByName = state.Deployments.Values.ToLookup(d => d.Name, StringComparer.Ordinal);
        var services = state.Scenario.Workloads.Select(w => w.Service)
            .Concat(state.Deployments.Values.Select(d => d.Name))
            .Concat(state.LoadOverrides.Keys)
            .Distinct(StringComparer.Ordinal)
            .Select(service =>
            {
                var workload = workloads.GetValueOrDefault(service);
                var deployments = deploymentsByName[service].Where(d => workload?.Namespace is null || d.Namespace == workload.Namespace).ToArray();
                return new ServiceEntry(service, workload, deployments, Load(state, service));
            })
            .ToList();
        state.WorkloadIndex = new WorkloadIndex(state.ServiceSetVersion, services);
        return state.WorkloadIndex;
    }
}

/// <summary>The workload model's services, as of <see cref="FederationState.ServiceSetVersion"/> <paramref name="Version"/>.</summary>
public sealed record WorkloadIndex(long Version, IReadOnlyList<ServiceEntry> Services)
{
    public HashSet<string> Names { get; } = Services.Select(s => s.Service).ToHashSet(StringComparer.Ordinal);
}

/// <summary>A service the workload model steps: its scenario workload, if any, and its Deployments.</summary>
public sealed record ServiceEntry(string Service, WorkloadSpec? Workload, DeploymentRuntime[] Deployments, ServiceLoad Load);
