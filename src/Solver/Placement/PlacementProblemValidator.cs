using System.Globalization;
using Smo.Solver.Model;

namespace Smo.Solver.Placement;

/// <summary>Finds what is wrong with a problem before any strategy sees it: each finding names where and why.</summary>
public static class PlacementProblemValidator
{
    public static IReadOnlyList<string> Problems(PlacementProblem problem, SolverOptions options)
    {
        var problems = new List<string>();
        if (options.Problem is { } optionsProblem)
        {
            problems.Add(optionsProblem);
        }

        if (problem.Clusters.Count == 0)
        {
            problems.Add("clusters: the list is empty; there is nowhere to place anything.");
        }

        var clusterNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < problem.Clusters.Count; i++)
        {
            var cluster = problem.Clusters[i];
            var where = $"clusters[{i}] '{cluster.Name}'";
            RequireName(problems, where, cluster.Name, clusterNames);
            RequireAmount(problems, where, "cpu", cluster.Cpu);
            RequireAmount(problems, where, "memory", cluster.MemoryGiB);
            if (cluster.Energy is { } energy)
            {
                RequireEnergyProfile(problems, $"{where} energy", energy);
            }
        }

        var serviceNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < problem.Services.Count; i++)
        {
            var service = problem.Services[i];
            var where = $"services[{i}] '{service.Name}'";
            RequireName(problems, where, service.Name, serviceNames);
            RequireAmount(problems, where, "cpu per replica", service.CpuPerReplica);
            RequireAmount(problems, where, "memory per replica", service.MemoryGiBPerReplica);
            if (service.Replicas < 0)
            {
                problems.Add($"{where}: replicas is {service.Replicas}; it must be 0 or more.");
            }

            if (service.MinReplicas < 0 || service.MinReplicas > service.MaxReplicas)
            {
                problems.Add($"{where}: minReplicas {service.MinReplicas} and maxReplicas {service.MaxReplicas} do not form a range.");
            }

            if (!double.IsFinite(service.Utilisation) || service.Utilisation is < 0 or > 1)
            {
                problems.Add($"{where}: utilisation is {Format(service.Utilisation)}; it must be between 0 and 1.");
            }

            if (service.PinnedCluster is { } pinned)
            {
                if (!problem.Clusters.Any(c => c.Name == pinned))
                {
                    problems.Add($"{where}: pinned to cluster '{pinned}', which is not in the cluster list.");
                }

                if (service.ForbiddenClusters.Contains(pinned))
                {
                    problems.Add($"{where}: pinned to cluster '{pinned}' and forbidden from it at the same time.");
                }
            }
        }

        for (var i = 0; i < problem.Edges.Count; i++)
        {
            var edge = problem.Edges[i];
            foreach (var end in new[] { edge.From, edge.To }.Where(end => !serviceNames.Contains(end)))
            {
                problems.Add($"edges[{i}]: '{end}' is not a service of this problem.");
            }

            RequireAmount(problems, $"edges[{i}]", "weight", edge.Weight);
        }

        var weights = problem.Weights;
        foreach (var (name, value) in new[]
        {
            ("deployment", weights.Deployment), ("reoptimisation", weights.Reoptimisation), ("communication", weights.Communication),
            ("energy", weights.Energy), ("carbon", weights.Carbon),
        })
        {
            RequireAmount(problems, "weights", name, value);
        }

        return problems;
    }

    private static void RequireEnergyProfile(List<string> problems, string where, EnergyProfile energy)
    {
        if (!double.IsFinite(energy.Pue) || energy.Pue < 1)
        {
            problems.Add($"{where}: pue is {Format(energy.Pue)}; it must be a finite number of at least 1.");
        }

        RequireAmount(problems, where, "idle watts per core", energy.IdleWattsPerCore);
        RequireAmount(problems, where, "max watts per core", energy.MaxWattsPerCore);
        if (energy.MaxWattsPerCore < energy.IdleWattsPerCore)
        {
            problems.Add($"{where}: max watts per core ({Format(energy.MaxWattsPerCore)}) is below idle ({Format(energy.IdleWattsPerCore)}).");
        }

        RequireAmount(problems, where, "carbon intensity", energy.CarbonGramsPerKWh);
        for (var k = 0; k < energy.CarbonForecast.Count; k++)
        {
            RequireAmount(problems, where, $"carbon forecast[{k}]", energy.CarbonForecast[k]);
        }

        if (energy.HorizonCarbonGramsPerKWh is { } horizon)
        {
            RequireAmount(problems, where, "carbon intensity over the horizon", horizon);
        }

        if (!double.IsFinite(energy.RenewableShare) || energy.RenewableShare is < 0 or > 1)
        {
            problems.Add($"{where}: renewable share is {Format(energy.RenewableShare)}; it must be between 0 and 1.");
        }

        RequireAmount(problems, where, "price per kWh", energy.PricePerKWh);
    }

    private static void RequireName(List<string> problems, string where, string name, HashSet<string> seen)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add($"{where}: the name is empty.");
        }
        else if (!seen.Add(name))
        {
            problems.Add($"{where}: the name '{name}' appears more than once.");
        }
    }

    private static void RequireAmount(List<string> problems, string where, string what, double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            problems.Add($"{where}: {what} is {Format(value)}; it must be a finite number of at least 0.");
        }
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
