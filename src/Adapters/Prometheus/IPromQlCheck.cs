namespace Smo.Adapters.Prometheus;

/// <summary>Prometheus's own PromQL parser, asked before an expression is stored as an alert rule.</summary>
public interface IPromQlCheck
{
    /// <summary>The parser's message when <paramref name="expression"/> does not parse; null when it does.</summary>
    /// <exception cref="AdapterException">Prometheus could not be asked.</exception>
    Task<string?> ParseErrorAsync(string expression, CancellationToken cancellationToken = default);
}
