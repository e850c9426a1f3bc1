using Microsoft.Extensions.Options;

namespace Smo.Adapters.Prometheus;

/// <summary>Per-service figures from the configured PromQL templates.</summary>
public sealed class PrometheusServiceMetrics(IPrometheusQuery prometheus, IOptions<PrometheusOptions> options) : IServiceMetrics
{
    /// <summary>The labels the request-rates template keys its series by.</summary>
    public const string ServiceLabel = "service";

    public const string NamespaceLabel = "namespace";

    public Task<double?> GetRequestRateAsync(string service, TimeSpan window, CancellationToken cancellationToken = default) =>
        SingleValueAsync(options.Value.RequestRateQuery, service, window, cancellationToken);

    public async Task<IReadOnlyDictionary<ScopedService, double>> GetRequestRatesAsync(
        IReadOnlyCollection<ScopedService> services, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(s => string.IsNullOrWhiteSpace(s.Service) || string.IsNullOrWhiteSpace(s.Namespace)))
        {
            throw new ArgumentException("service names and namespaces must not be empty", nameof(services));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var asked = services.ToHashSet();
        if (asked.Count == 0)
        {
            return new Dictionary<ScopedService, double>();
        }

        // Up to ServicesPerQuery services go into the query's regexes (names, namespaces); a larger question (a load
        // watch over a whole fleet) asks once for every service and keeps those asked: one query, not one per chunk.
        var promql = asked.Count <= options.Value.ServicesPerQuery
            ? PromQl.FillServices(options.Value.RequestRatesQuery, asked, window)
            : PromQl.FillAnyService(options.Value.RequestRatesQuery, window);
        return await RatesAsync(promql, asked, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<ScopedService, RequestRateHistory>> GetRequestRateHistoryAsync(
        IReadOnlyCollection<ScopedService> services, TimeSpan window, DateTimeOffset start, DateTimeOffset end, TimeSpan step,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(s => string.IsNullOrWhiteSpace(s.Service) || string.IsNullOrWhiteSpace(s.Namespace)))
        {
            throw new ArgumentException("service names and namespaces must not be empty", nameof(services));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        var histories = new Dictionary<ScopedService, RequestRateHistory>();
        var length = (int)Math.Min(int.MaxValue, (end - start).Ticks / step.Ticks + 1);
        // Never the every-service form of the instant query: over a range it would bring the whole fleet's history.
        foreach (var part in services.Distinct().Chunk(options.Value.ServicesPerQuery))
        {
            var asked = part.ToHashSet();
            var promql = PromQl.FillServices(options.Value.RequestRatesQuery, asked, window);
            foreach (var series in await prometheus.QueryRangeAsync(promql, start, end, step, cancellationToken))
            {
                if (!series.Labels.TryGetValue(ServiceLabel, out var service) || !series.Labels.TryGetValue(NamespaceLabel, out var ns)
                    || histories.ContainsKey(new ScopedService(ns, service)))
                {
                    throw new AdapterException(ExternalSystem.Prometheus, $"query the request-rate history of {asked.Count} services", AdapterFailure.InvalidResponse,
                        $"expected one series per service and namespace, keyed by its '{NamespaceLabel}' and '{ServiceLabel}' labels; " +
                        "the query template must aggregate (sum ... by (namespace, service))");
                }

                var key = new ScopedService(ns, service);
                if (asked.Contains(key))
                {
                    histories[key] = new RequestRateHistory(start, step, Evenly(series.Points, start, step, length));
                }
            }
        }

        return histories;
    }

    /// <summary>The points on the grid of <paramref name="length"/> steps from <paramref name="start"/>; a step without a finite value is NaN.</summary>
    private static double[] Evenly(IReadOnlyList<PrometheusPoint> points, DateTimeOffset start, TimeSpan step, int length)
    {
        var values = new double[length];
        Array.Fill(values, double.NaN);
        foreach (var point in points)
        {
            var index = (long)Math.Round((point.Timestamp - start).Ticks / (double)step.Ticks);
            if (index >= 0 && index < length && double.IsFinite(point.Value))
            {
                values[index] = point.Value;
            }
        }

        return values;
    }

    public Task<double?> GetLatencyAsync(string service, TimeSpan window, CancellationToken cancellationToken = default) =>
        SingleValueAsync(options.Value.LatencyQuery, service, window, cancellationToken);

    public Task<double?> GetCpuUtilizationAsync(string service, TimeSpan window, CancellationToken cancellationToken = default) =>
        SingleValueAsync(options.Value.CpuUtilizationQuery, service, window, cancellationToken);

    /// <summary>
    /// The rates of the services asked; one without a series, or with NaN, has no data and is left out. The regexes
    /// may match a name in a namespace it was not asked in (another project's): only the pairs asked are kept.
    /// </summary>
    private async Task<IReadOnlyDictionary<ScopedService, double>> RatesAsync(string promql, HashSet<ScopedService> asked, CancellationToken cancellationToken)
    {
        var samples = await prometheus.QueryAsync(promql, cancellationToken: cancellationToken);
        var seen = new HashSet<ScopedService>();
        var rates = new Dictionary<ScopedService, double>();
        foreach (var sample in samples)
        {
            // A template that does not aggregate by namespace and service would silently mix pods, projects or services.
            if (!sample.Labels.TryGetValue(ServiceLabel, out var service) || !sample.Labels.TryGetValue(NamespaceLabel, out var ns)
                || !seen.Add(new ScopedService(ns, service)))
            {
                throw new AdapterException(ExternalSystem.Prometheus, $"query the request rates of {asked.Count} services", AdapterFailure.InvalidResponse,
                    $"expected one series per service and namespace, keyed by its '{NamespaceLabel}' and '{ServiceLabel}' labels, got {samples.Count} series " +
                    $"({(service is null || !sample.Labels.ContainsKey(NamespaceLabel) ? "one without those labels" : $"two for {sample.Labels[NamespaceLabel]}/{service}")}); " +
                    "the query template must aggregate (sum ... by (namespace, service))");
            }

            var key = new ScopedService(ns, service);
            if (asked.Contains(key) && !double.IsNaN(sample.Value))
            {
                rates[key] = sample.Value;
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
