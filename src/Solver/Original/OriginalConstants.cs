namespace Smo.Solver.Original;

/// <summary>The constants the original SMO V3 hard-coded into its placement and scaling, by their V3 names.</summary>
internal static class OriginalConstants
{
    /// <summary>DECISION_INTERVAL: the scaling loop decided every 30 seconds.</summary>
    public static readonly TimeSpan DecisionInterval = TimeSpan.FromSeconds(30);

    /// <summary>w_dep and w_re of the re-placement objective Σx + Σ y∘(y − x); the graph's weights never reached it.</summary>
    public const double DeploymentWeight = 1;

    public const double ReoptimisationWeight = 1;

    /// <summary>w_util and w_trans of decide_replicas (w_penalty = 0.2 was commented out); the graph's weights never reached them.</summary>
    public const double UtilisationWeight = 0.4;

    public const double TransitionWeight = 0.4;

    /// <summary>The deploy passed one replica per service to the naive placement, whatever the descriptor said.</summary>
    public const int ReplicasAtDeploy = 1;

    /// <summary>Kubernetes' CPU resolution: V3's amounts are compared and normalised in whole milli-cores, so 0.1 + 0.2 fits 0.3.</summary>
    public const double MilliCores = 1000;
}
