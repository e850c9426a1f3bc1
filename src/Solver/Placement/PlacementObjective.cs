using Smo.Solver.Model;

namespace Smo.Solver.Placement;

/// <summary>The shared objective terms, so every strategy reports its result on the same scale.</summary>
public static class PlacementObjective
{
    public const string Deployment = "deployment";
    public const string Reoptimisation = "reoptimisation";
    public const string Communication = "communication";
    public const string Energy = "energy";
    public const string Carbon = "carbon";

    /// <summary>A service that moves flips two entries of the placement matrix (leaves one cluster, joins another).</summary>
    public const int EntriesFlippedByAMove = 2;

    private const double WattsPerKilowatt = 1000;
    private const double GramsPerKilogram = 1000;

    /// <summary>Evaluates an assignment: w_dep per active cluster, w_re per unit of Σ|x − y|, w_comm per split edge weight.</summary>
    public static IReadOnlyDictionary<string, double> Evaluate(PlacementProblem problem, IReadOnlyDictionary<string, string> assignment)
    {
        var weights = problem.Weights;
        var activeClusters = assignment.Values.Distinct(StringComparer.Ordinal).Count();
        var flippedEntries = problem.Services.Count(s => s.CurrentCluster is { } current && assignment[s.Name] != current) * EntriesFlippedByAMove;
        var splitWeight = problem.Edges.Where(e => assignment[e.From] != assignment[e.To]).Sum(e => e.Weight);
        var clusters = problem.Clusters.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var kilowatts = problem.Services.Sum(s => Kilowatts(s, clusters[assignment[s.Name]]));
        var carbon = problem.Services.Sum(s => CarbonKilogramsPerHour(s, clusters[assignment[s.Name]]));
        return new Dictionary<string, double>
        {
            [Deployment] = weights.Deployment * activeClusters,
            [Reoptimisation] = weights.Reoptimisation * flippedEntries,
            [Communication] = weights.Communication * splitWeight,
            [Energy] = weights.Energy * kilowatts,
            [Carbon] = weights.Carbon * carbon,
        };
    }

    /// <summary>
    /// Power a service draws on a cluster, in kW: PUE × (idle + utilisation × (max − idle)) per core it reserves, at
    /// the service's expected utilisation (full load when unknown). A core Smo reserves draws its idle power busy or
    /// not; only the load moves it towards the maximum.
    /// </summary>
    public static double Kilowatts(Service service, Cluster cluster) =>
        cluster.Energy is { } energy ? energy.WattsPerCore(Math.Clamp(service.Utilisation, 0, 1)) * service.TotalCpu / WattsPerKilowatt : 0;

    /// <summary>Carbon a service emits on a cluster, in kgCO2 per hour, at the cluster's expected intensity (now and forecast).</summary>
    public static double CarbonKilogramsPerHour(Service service, Cluster cluster) =>
        cluster.Energy is { } energy ? Kilowatts(service, cluster) * energy.ExpectedCarbonGramsPerKWh / GramsPerKilogram : 0;
}
