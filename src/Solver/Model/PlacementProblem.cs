namespace Smo.Solver.Model;

/// <summary>Everything a placement strategy decides from.</summary>
public sealed record PlacementProblem(IReadOnlyList<Service> Services, IReadOnlyList<Cluster> Clusters)
{
    public IReadOnlyList<CommunicationEdge> Edges { get; init; } = [];

    public PlacementWeights Weights { get; init; } = PlacementWeights.Default;
}

/// <summary>Weights of the objective terms; configurable globally and per request.</summary>
/// <param name="Deployment">Per active cluster (w_dep).</param>
/// <param name="Reoptimisation">Per unit of Σ|x − y|: moving a service off its current cluster (w_re).</param>
/// <param name="Communication">Per edge split across clusters (w_comm).</param>
/// <param name="Energy">Per modelled kW (energy-aware strategies).</param>
/// <param name="Carbon">Per modelled kgCO2/h (energy-aware strategies).</param>
public sealed record PlacementWeights(double Deployment = 1, double Reoptimisation = 1, double Communication = 0.5, double Energy = 0, double Carbon = 0)
{
    public static PlacementWeights Default { get; } = new();
}
