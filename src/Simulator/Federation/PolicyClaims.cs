using System.Text.Json.Nodes;

namespace Smo.Simulator.Federation;

/// <summary>
/// Karmada's resource detector for one Deployment (<c>pkg/detector</c>): which policy claims it. A claim stands while
/// its policy exists and selects the Deployment — a policy of higher priority does not take it over unless it has
/// <c>preemption: Always</c> (Karmada's PropagationPolicyPreemption feature gate, which the twin has on). A Deployment
/// nobody claims goes to the best match: higher <c>priority</c>, then a name selector over a label selector over
/// apiVersion/kind alone, then the alphabetically first policy; the chart's policy (the placement annotation, priority
/// 0, by name) wins a tie, as the one that claimed the Deployment first. A Deployment whose claim lapses and that no
/// policy matches keeps its placement: Karmada leaves what a deleted policy propagated where it is.
/// </summary>
public static class PolicyClaims
{
    public static PlacementClaim? Resolve(PlacementClaim? current, IEnumerable<PolicyView> policies, JsonObject deployment, string? chartCluster)
    {
        var candidates = policies
            .Select(policy => (Claim: PlacementClaim.By(policy), Match: policy.Match(deployment)))
            .Where(candidate => candidate.Match > SelectorMatch.None)
            .ToList();
        if (chartCluster is not null)
        {
            candidates.Add((PlacementClaim.Chart(chartCluster), SelectorMatch.Name));
        }
        var standing = current switch
        {
            { Policy: { } claimer } => candidates.Select(c => c.Claim).FirstOrDefault(c => c.Policy?.Name == claimer.Name),
            { Policy: null } when chartCluster is not null => PlacementClaim.Chart(chartCluster),
            _ => null,
        };
        if (standing is null)
        {
            return Best(candidates);
        }
        var preemptors = candidates.Where(c => c.Claim.Policy is { PreemptsAlways: true } preemptor && preemptor.Priority > standing.Priority).ToList();
        return Best(preemptors) ?? standing;
    }

    private static PlacementClaim? Best(List<(PlacementClaim Claim, SelectorMatch Match)> candidates) =>
        candidates
            .OrderByDescending(c => c.Claim.Priority)
            .ThenByDescending(c => c.Match)
            .ThenBy(c => c.Claim.Policy is null ? 0 : 1)
            .ThenBy(c => c.Claim.Policy?.Name, StringComparer.Ordinal)
            .Select(c => c.Claim)
            .FirstOrDefault();
}
