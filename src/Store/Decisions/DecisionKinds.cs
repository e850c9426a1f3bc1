namespace Smo.Store.Decisions;

/// <summary>What was decided. Stored kebab-case (<c>placement</c>).</summary>
public enum DecisionKind
{
    Placement,
    Scaling,
    Replacement,
}

/// <summary>What asked for the decision. Stored kebab-case (<c>infeasible-scaling</c>).</summary>
public enum DecisionTrigger
{
    Deploy,
    Tick,
    Alert,
    Api,

    /// <summary>The scaling loop found no feasible replicas and asked for a re-placement.</summary>
    InfeasibleScaling,

    Inventory,

    /// <summary>The load watch saw a service's request rate outgrow its replicas between scaling ticks.</summary>
    Load,

    /// <summary>A cluster's expected carbon intensity or price changed enough since the graph's last placement.</summary>
    Carbon,
}

/// <summary>How the solve ended; infeasibility is an outcome to record, not an error.</summary>
public enum DecisionStatus
{
    Optimal,
    Feasible,
    Infeasible,
    TimedOut,
    InvalidInput,

    /// <summary>The load needs more than the bounds or the clusters allow: as much of it as they allow is served.</summary>
    Overloaded,
}
