using System.ComponentModel.DataAnnotations;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Prometheus;

/// <summary>
/// The Prometheus HTTP API and the PromQL Smo asks it (section <c>Smo:Prometheus</c>). Query templates take
/// <c>${service}</c> (a PromQL string, escaped) and <c>${window}</c> (a range such as <c>30s</c>).
/// </summary>
public sealed class PrometheusOptions
{
    public const string Section = "Smo:Prometheus";

    /// <summary>The original SMO's request rate: requests per second of one service, summed over its pods.</summary>
    public const string DefaultRequestRateQuery = "sum(rate(flask_http_request_total{service=\"${service}\"}[${window}]))by(service)";

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
    public string LatencyQuery { get; set; } = DefaultLatencyQuery;

    [Required]
    public string CpuUtilizationQuery { get; set; } = DefaultCpuUtilizationQuery;

    public ResilienceOptions Resilience { get; set; } = new() { AttemptTimeout = TimeSpan.FromSeconds(5) };
}
