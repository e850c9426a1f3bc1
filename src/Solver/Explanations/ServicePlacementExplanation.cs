namespace Smo.Solver.Explanations;

/// <summary>
/// Why a service runs where a placement put it: what it costs there by objective term, the cheapest other cluster it
/// could move to alone and what that would cost, and the constraints that shape the choice.
/// </summary>
/// <param name="Service">The service.</param>
/// <param name="Cluster">Where the placement put it.</param>
/// <param name="CostByTerm">What the service adds to the objective there, by term, the rest of the placement held where it is.</param>
/// <param name="Alternative">The cheapest other cluster it may use and fits on, the rest held fixed; null when there is none.</param>
/// <param name="Binding">The constraints that bind (see <see cref="PlacementBinding"/>).</param>
public sealed record ServicePlacementExplanation(
    string Service,
    string Cluster,
    IReadOnlyDictionary<string, double> CostByTerm,
    PlacementAlternative? Alternative,
    IReadOnlyList<PlacementBinding> Binding)
{
    public double Cost => CostByTerm.Values.Sum();
}

/// <summary>The cheapest other cluster for a service, with the rest of the placement held where it is.</summary>
/// <param name="CostByTerm">What the service would add to the objective there, by term.</param>
/// <param name="Delta">How much the whole objective would change if the service alone moved there (its cost there minus its cost now).</param>
public sealed record PlacementAlternative(string Cluster, IReadOnlyDictionary<string, double> CostByTerm, double Delta)
{
    public double Cost => CostByTerm.Values.Sum();
}

/// <summary>
/// A constraint that shapes where a service runs. Capacity (<see cref="Cpu"/>, <see cref="Memory"/>) binds on the
/// chosen cluster when its load is within 10 % of its limit, and on a cluster at least as cheap that the service
/// does not fit on; the others bind when they rule clusters out.
/// </summary>
/// <param name="Constraint">One of the constants below.</param>
/// <param name="Clusters">Capacity: the cluster. Pinned: the cluster pinned to. Otherwise: the clusters ruled out.</param>
/// <param name="Used">Capacity: what the cluster holds with the service on it (cores or GiB).</param>
/// <param name="Limit">Capacity: the cluster's capacity (cores or GiB).</param>
public sealed record PlacementBinding(string Constraint, IReadOnlyList<string> Clusters, double? Used = null, double? Limit = null)
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string Acceleration = "acceleration";
    public const string Pinned = "pinned";
    public const string Forbidden = "forbidden";
    public const string NotReady = "not-ready";
}
