using System.ComponentModel.DataAnnotations;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Prometheus;

/// <summary>
/// The Prometheus HTTP API and the PromQL Smo asks it (section <c>Smo:Prometheus</c>). Query templates take
/// <c>${service}</c> (a PromQL string, escaped) and <c>${window}</c> (a range such as <c>30s</c>); the request-rates
/// template takes <c>${services}</c> and <c>${namespaces}</c> instead, regexes matching exactly the names and
/// namespaces asked for (the answer is then kept to the pairs asked).
/// </summary>
public sealed class PrometheusOptions
{
    public const string Section = "Smo:Prometheus";

    /// <summary>The original SMO's request rate: requests per second of one service, summed over its pods.</summary>
    public const string DefaultRequestRateQuery = "sum(rate(flask_http_request_total{service=\"${service}\"}[${window}]))by(service)";

    /// <summary>
    /// The request rates of many services in one query, one series per service and namespace (the graph's project),
    /// keyed by its <c>namespace</c> and <c>service</c> labels: a pod of another project exporting the same service
    /// name cannot scale a graph.
    /// </summary>
    public const string DefaultRequestRatesQuery =
        "sum(rate(flask_http_request_total{namespace=~\"${namespaces}\",service=~\"${services}\"}[${window}]))by(namespace,service)";

    /// <summary>The placeholder of the services' regex in <see cref="RequestRatesQuery"/>.</summary>
    public const string ServicesPlaceholder = "${services}";

    /// <summary>The placeholder of the namespaces' regex in <see cref="RequestRatesQuery"/>.</summary>
    public const string NamespacesPlaceholder = "${namespaces}";

    /// <summary>
    /// Most names put in a request-rates query's regex: 200 DNS labels make a regex of at most ~13 kB, well inside
    /// what Prometheus parses and compiles quickly; for more services, one query asks for every service and the
    /// answer is filtered to the names asked.
    /// </summary>
    public const int DefaultServicesPerQuery = 200;

    public const string DefaultLatencyQuery =
        "(sum(rate(flask_http_request_duration_seconds_sum{service=\"${service}\"}[${window}])) by (service))" +
        "/(sum(rate(flask_http_request_duration_seconds_count{service=\"${service}\"}[${window}])) by (service))";

    /// <summary>CPU use of a service's containers as a percentage of their CPU limits.</summary>
    public const string DefaultCpuUtilizationQuery =
        "100 * sum(rate(container_cpu_usage_seconds_total{container=~\"${service}.*\"}[${window}]))" +
        " / sum(kube_pod_container_resource_limits{container=~\"${service}.*\",resource=\"cpu\"})";

    [Required]
    public Uri? BaseUrl { get; set; }

    [Required]
    public string RequestRateQuery { get; set; } = DefaultRequestRateQuery;

    [Required]
    public string RequestRatesQuery { get; set; } = DefaultRequestRatesQuery;

    [Range(1, 1_000)]
    public int ServicesPerQuery { get; set; } = DefaultServicesPerQuery;

    /// <summary>
    /// The most samples one range query may bring back, all series and parts together: a graph of 200 services over
    /// 7 days at 60 s is about 2 million.
    /// </summary>
    [Range(1, 100_000_000)]
    public long MaxRangeSamples { get; set; } = 2_000_000;

    /// <summary>The longest answer to one range query (or one part of it), in bytes; 64 MiB holds about 2 million samples.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxRangeResponseBytes { get; set; } = 64 << 20;

    [Required]
    public string LatencyQuery { get; set; } = DefaultLatencyQuery;

    [Required]
    public string CpuUtilizationQuery { get; set; } = DefaultCpuUtilizationQuery;

    public ResilienceOptions Resilience { get; set; } = new() { AttemptTimeout = TimeSpan.FromSeconds(5) };
}
