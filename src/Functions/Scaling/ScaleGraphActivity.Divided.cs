using System.Diagnostics;
using Smo.Adapters.Karmada;
using Smo.Functions.Carbon;
using Smo.Functions.Graphs;
using Smo.Orchestrations.Graphs;
using Smo.Solver.Model;
using Smo.Solver.Placement;
using Smo.Solver.Scaling;
using Smo.Store.Clusters;
using Smo.Store.Graphs;

namespace Smo.Functions.Scaling;

/// <summary>
/// The tick of services divided across clusters: their totals and shares are decided with the services that share
/// their clusters, in one multi-cluster decision (each divided service within the clusters its placement gave it,
/// each other service on its own cluster), and applied make-before-break (<see cref="DivisionRollout"/>).
/// </summary>
public sealed partial class ScaleGraphActivity
{
    /// <summary>The divided services, and the undivided ones on a cluster a divided one uses.</summary>
    private static List<ServiceRecord> JointServices(List<ServiceRecord> services)
    {
        var shared = services.Where(s => s.Division is not null).SelectMany(s => s.Division!.Keys).ToHashSet(StringComparer.Ordinal);
        return shared.Count == 0 ? [] : services.Where(s => s.Division is not null || shared.Contains(s.Cluster!)).ToList();
    }

    private async Task DecideJointlyAsync(
        GraphRecord graph, ScalingRequest input, IScalingStrategy strategy, List<ServiceRecord> services, Dictionary<string, ClusterRecord> inventory,
        Observation observed, TimeSpan readTime, TickOutcome tick, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var placed = await bindings.ListClusterReplicasAsync(graph.Project, cancellationToken);
        var (problem, held) = JointProblem(graph, services, inventory, observed, placed, tick);
        if (problem.Services.Count == 0)
        {
            return;
        }

        var result = strategy.DecideAcrossClusters(problem, new SolverOptions(defaults.ScalingTimeLimit));
        if (result.Status is not (SolveStatus.Optimal or SolveStatus.Feasible))
        {
            await RecordAsync(graph, input, strategy.Name, problem, result, DecisionRecording.Explain(graph, problem, result, defaults), null,
                readTime + Stopwatch.GetElapsedTime(started), Forecasts(tick, problem.Services.Select(s => s.Service.Name)));
            tick.Reasons.Add($"{string.Join("+", problem.Clusters.Select(c => c.Name))}: {result.Reason}");
            tick.NeedsReplacement |= result.Status == SolveStatus.Infeasible;
            return;
        }

        var changed = new List<string>();
        var divisionsNow = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        var versions = services.ToDictionary(s => s.Name, s => s.Version, StringComparer.Ordinal);
        TimeSpan? latency = null;
        foreach (var split in problem.Services)
        {
            var name = split.Service.Name;
            var record = services.First(s => s.Name == name);
            if (record.Division is null)
            {
                if (result.Replicas[name] != split.Service.CurrentReplicas)
                {
                    latency ??= time.GetUtcNow().UtcDateTime - input.RequestedAt;
                    await deployments.ScaleAsync(graph.Project, name, result.Replicas[name], cancellationToken);
                    changed.Add(name);
                }

                continue;
            }

            var target = result.StaticWeights(name);
            if (target.Count == 0)
            {
                // No replica anywhere (a minimum of 0 and no load): the shares stay, the total goes to 0.
                await deployments.ScaleAsync(graph.Project, name, 0, cancellationToken);
                changed.Add(name);
                continue;
            }

            var step = await divisions.ApplyAsync(graph.Project, name, target, cancellationToken, placed.GetValueOrDefault(name) ?? []);
            if (!DivisionRollout.SameShares(step.Written, split.CurrentByCluster))
            {
                latency ??= time.GetUtcNow().UtcDateTime - input.RequestedAt;
                changed.Add(name);
            }

            divisionsNow[name] = target;
            if (!step.Complete)
            {
                tick.Reasons.Add($"{name}: new shares starting before old ones shrink ({Shares(step.Written)} towards {Shares(target)}).");
            }
        }

        tick.Changed.AddRange(changed);
        foreach (var (service, replicas) in result.Replicas)
        {
            tick.Decided[service] = replicas;
        }

        await graphs.SetDesiredReplicasAsync(graph.Name, result.Replicas, versions, CancellationToken.None);
        if (divisionsNow.Count > 0)
        {
            await graphs.SetDivisionsAsync(graph.Name, divisionsNow, CancellationToken.None);
        }

        await RecordAsync(graph, input, strategy.Name, problem, result, DecisionRecording.Explain(graph, problem, result, defaults), latency,
            readTime + Stopwatch.GetElapsedTime(started), Forecasts(tick, problem.Services.Select(s => s.Service.Name)));
        tick.Overloaded |= result.Overloads.Count > 0;
        tick.Reasons.Add($"{string.Join("+", problem.Clusters.Select(c => c.Name))}: {result.Reason}{(held.Count > 0 ? $" No rate data for {string.Join(", ", held)}: replicas kept." : "")}");
    }

    /// <summary>
    /// The joint decision's inputs: every cluster the services use, with its free CPU plus what these services hold
    /// there (minus what services without rate data keep); a divided service with its replicas per cluster now as
    /// Karmada binds them, allowed its division's clusters; an undivided one allowed its own cluster.
    /// </summary>
    private (MultiClusterScalingProblem Problem, List<string> Held) JointProblem(
        GraphRecord graph, List<ServiceRecord> services, Dictionary<string, ClusterRecord> inventory, Observation observed,
        IReadOnlyDictionary<string, IReadOnlyList<ClusterReplicas>> placed, TickOutcome tick)
    {
        // Per cluster, the CPU these services hold there and give back to the decision.
        var givenBack = new Dictionary<string, double>(StringComparer.Ordinal);
        var splits = new List<SplitService>();
        var held = new List<string>();
        foreach (var service in services)
        {
            if (!observed.Replicas.TryGetValue(service.Name, out var deployment))
            {
                tick.Missing.Add(service.Name);
                continue;
            }

            var shares = Shares(service, deployment, placed.GetValueOrDefault(service.Name) ?? []);
            var running = shares.Sum(s => s.Running);
            var load = Load(service, observed, deployment.Desired, running, tick);
            foreach (var share in shares)
            {
                // What a held service keeps is not on offer: only the others' CPU is given back.
                givenBack[share.Cluster] = givenBack.GetValueOrDefault(share.Cluster) + (load is null ? 0 : service.Resources.CpuCores * share.Running);
            }

            if (load is null)
            {
                held.Add(service.Name);
                continue;
            }

            splits.Add(new SplitService(load, shares.ToDictionary(s => s.Cluster, s => s.Current, StringComparer.Ordinal))
            {
                AllowedClusters = [.. shares.Select(s => s.Cluster)],
                MinClusters = service.Division is null ? 1 : Math.Min(defaults.ScalingOf(service).MinClusters, shares.Count),
            });
        }

        // An energy-aware graph's shares lean to the clusters whose cores emit less now, as far as moves pay.
        var carbonAware = CarbonReoptimiser.EnergyAwareStrategies.Contains(graph.Strategies.PlacementStrategy, StringComparer.OrdinalIgnoreCase);
        var now = time.GetUtcNow();
        var scalingClusters = givenBack.Keys.Order(StringComparer.Ordinal).Select(name =>
            new ScalingCluster(name, Math.Max(0, (inventory.GetValueOrDefault(name)?.CpuAvailable ?? 0) + givenBack[name]), inventory.GetValueOrDefault(name)?.Gpu ?? false)
            {
                CarbonKgPerCoreHour = carbonAware && inventory.GetValueOrDefault(name)?.EnergyProfile is { } energy ? CarbonPerBusyCore(energy, now) : 0,
            }).ToList();
        var weights = defaults.Weights.Scaling(graph.Strategies.Weights);
        return (new MultiClusterScalingProblem(splits, scalingClusters)
        {
            Weights = carbonAware ? weights with { Carbon = MilpScaling.EnergyAwareCarbonWeight } : weights,
            ServeOverload = true,
        }, held);
    }

    /// <summary>kgCO2 per hour one busy core emits on a cluster of this profile at the intensity its series gives now.</summary>
    private static double CarbonPerBusyCore(ClusterEnergyProfile energy, DateTimeOffset now)
    {
        const double WattsPerKilowatt = 1000, GramsPerKilogram = 1000;
        var watts = energy.Pue * energy.MaxWattsPerCore;
        return watts / WattsPerKilowatt * energy.CarbonAt(now) / GramsPerKilogram;
    }

    /// <summary>
    /// A service's replicas on each of its clusters: asked for now (<c>Current</c>), and holding CPU (<c>Running</c>,
    /// as <see cref="Holding"/> counts them). A divided service's come from Karmada's binding on the clusters of its
    /// division (a cluster a make-before-break step still keeps is not the tick's to decide); an undivided one's from
    /// its Deployment.
    /// </summary>
    private List<(string Cluster, int Current, int Running)> Shares(ServiceRecord service, DeploymentReplicas deployment, IReadOnlyList<ClusterReplicas> bound)
    {
        if (service.Division is not { } division)
        {
            return [(service.Cluster!, deployment.Desired, Running(service, deployment))];
        }

        var starting = Starting(service);
        return division.Keys
            .Select(cluster =>
            {
                var on = bound.FirstOrDefault(b => b.Cluster == cluster);
                var current = on?.Scheduled ?? division[cluster];
                return (cluster, current, Holding(starting, current, on?.Ready ?? 0));
            })
            .ToList();
    }

    private static string Shares(IReadOnlyDictionary<string, int> shares) =>
        string.Join(", ", shares.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));
}
