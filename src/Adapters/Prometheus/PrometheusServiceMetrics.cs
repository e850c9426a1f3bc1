using Microsoft.Extensions.Options;

namespace Smo.Adapters.Prometheus;

/// <summary>Per-service figures from the configured PromQL templates.</summary>
public sealed class PrometheusServiceMetrics(IPrometheusQuery prometheus, IOptions<PrometheusOptions> options) : IServiceMetrics
{
    /// <summary>The label the request-rates template keys its series by.</summary>
    public const string ServiceLabel = "service";

    public Task<double?> GetRequestRateAsync(string service, TimeSpan window, CancellationToken cancellationToken = default) =>
        SingleValueAsync(options.Value.RequestRateQuery, service, window, cancellationToken);

    public async Task<IReadOnlyDictionary<string, double>> GetRequestRatesAsync(
        IReadOnlyCollection<string> services, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("service names must not be empty", nameof(services));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var asked = services.ToHashSet(StringComparer.Ordinal);
        if (asked.Count == 0)
        {
            return new Dictionary<string, double>();
        }

        // Up to ServicesPerQuery names go into the query's regex; a larger question (a load watch over a whole
        // fleet) asks once for every service and keeps the names asked: one query, not one per chunk of names.
        var promql = asked.Count <= options.Value.ServicesPerQuery
            ? PromQl.FillServices(options.Value.RequestRatesQuery, asked, window)
            : PromQl.FillAnyService(options.Value.RequestRatesQuery, window);
        return await RatesAsync(promql, asked, cancellationToken);
    }

    public Task<double?> GetLatencyAsync(string service, TimeSpan window, CancellationToken cancellationToken = default) =>
        SingleValueAsync(options.Value.LatencyQuery, service, window, cancellationToken);

    public Task<double?> GetCpuUtilizationAsync(string service, TimeSpan window, CancellationToken cancellationToken = default) =>
        SingleValueAsync(options.Value.CpuUtilizationQuery, service, window, cancellationToken);

    /// <summary>The rates of the services asked; a name without a series, or with NaN, has no data and is left out.</summary>
    private async Task<IReadOnlyDictionary<string, double>> RatesAsync(string promql, HashSet<string> asked, CancellationToken cancellationToken)
    {
        var samples = await prometheus.QueryAsync(promql, cancellationToken: cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            // A template that does not aggregate by service would silently mix pods or services.
            if (!sample.Labels.TryGetValue(ServiceLabel, out var service) || !seen.Add(service))
            {
                throw new AdapterException(ExternalSystem.Prometheus, $"query the request rates of {asked.Count} services", AdapterFailure.InvalidResponse,
                    $"expected one series per service, keyed by its '{ServiceLabel}' label, got {samples.Count} series " +
                    $"({(service is null ? "one without that label" : $"two for {service}")}); the query template must aggregate (sum ... by (service))");
            }

            if (asked.Contains(service) && !double.IsNaN(sample.Value))
            {
                rates[service] = sample.Value;
            }
        }

        return rates;
    }

    private async Task<double?> SingleValueAsync(string template, string service, TimeSpan window, CancellationToken cancellationToken)
    {
        var promql = PromQl.Fill(template, service, window);
        var samples = await prometheus.QueryAsync(promql, cancellationToken: cancellationToken);
        return samples.Count switch
        {
            0 => null,
            1 => double.IsNaN(samples[0].Value) ? null : samples[0].Value,
            // A template that does not aggregate to one series would silently pick an arbitrary pod.
            _ => throw new AdapterException(ExternalSystem.Prometheus, $"query '{promql}'", AdapterFailure.InvalidResponse,
                $"expected one series for service {service}, got {samples.Count}; the query template must aggregate (sum ... by (service))"),
        };
    }
}
