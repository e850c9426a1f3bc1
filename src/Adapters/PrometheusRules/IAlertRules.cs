namespace Smo.Adapters.PrometheusRules;

/// <summary>Smo's alert rules, each graph's in a PrometheusRule of its own.</summary>
public interface IAlertRules
{
    /// <summary>Adds or updates the rules (idempotent); returns false when they were already in place.</summary>
    Task<bool> AddAsync(IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken = default);

    /// <summary>
    /// Which of <paramref name="rules"/> are not in place as Smo writes them — missing from their graph's object (or the
    /// object is gone), or changed — by one read per graph; <see cref="AddAsync"/> puts them back.
    /// </summary>
    Task<AlertRuleDrift> DriftAsync(IReadOnlyList<AlertRule> rules, CancellationToken cancellationToken = default);

    /// <summary>Removes Smo's rules in <paramref name="scope"/>; returns false when there were none.</summary>
    Task<bool> RemoveAsync(AlertRuleScope scope, CancellationToken cancellationToken = default);
}
