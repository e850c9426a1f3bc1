using Smo.Simulator.Federation;

namespace Smo.Simulator.Metrics;

/// <summary>
/// What Prometheus scrapes from the twin: flask's request counter and kube-state-metrics' ready replicas under
/// their original names (the SMO queries those), plus the twin's own load, capacity and energy series.
/// </summary>
public static class FederationMetrics
{
    private const string Prefix = "smo_simulator_";

    public static string Render(FederationState state)
    {
        var services = state.Services.Values.OrderBy(s => s.Service, StringComparer.Ordinal).ToList();
        var deployments = state.Deployments.Values.OrderBy(d => d.Namespace, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal).ToList();
        var clusters = state.Clusters.Values.ToList();
        return new ExpositionWriter()
            .Family("flask_http_request_total", "counter", "Total number of HTTP requests",
                services.SelectMany(RequestSamples))
            .Family(Prefix + "offered_requests_per_second", "gauge", "Load offered to the service by its workload",
                services.Select(s => ServiceSample(s.Service, s.Offered)))
            .Family(Prefix + "offered_requests_total", "counter", "Requests offered to the service, also while no Deployment exists to take them",
                services.Select(s => ServiceSample(s.Service, s.OfferedRequests)))
            .Family(Prefix + "served_requests_per_second", "gauge", "Load served: min(offered, alpha * ready replicas + beta)",
                services.Select(s => ServiceSample(s.Service, s.Served)))
            .Family(Prefix + "capacity_requests_per_second", "gauge", "alpha * ready replicas + beta (0 without a ready replica)",
                services.Select(s => ServiceSample(s.Service, s.Capacity)))
            .Family("kube_deployment_spec_replicas", "gauge", "Number of desired pods for a deployment.",
                deployments.Select(d => DeploymentSample(d, d.DesiredReplicas)))
            .Family("kube_deployment_status_replicas", "gauge", "The number of replicas per deployment.",
                deployments.Select(d => DeploymentSample(d, d.PodCount)))
            .Family("kube_deployment_status_replicas_ready", "gauge", "The number of ready replicas per deployment.",
                deployments.Select(d => DeploymentSample(d, d.ReadyReplicas)))
            .Family(Prefix + "cluster_deployment_replicas", "gauge", "Replicas the binding schedules to the cluster (spec.clusters)",
                deployments.SelectMany(d => d.Shares.Select(s => ShareSample(d, s, s.Replicas))))
            .Family(Prefix + "cluster_deployment_replicas_ready", "gauge", "Ready replicas of the deployment on the cluster",
                deployments.SelectMany(d => d.Shares.Select(s => ShareSample(d, s, s.ReadyReplicas))))
            .Family(Prefix + "cluster_ready", "gauge", "1 when the cluster's Ready condition is True",
                clusters.Select(c => ClusterSample(c, c.Ready ? 1 : 0)))
            .Family(Prefix + "cluster_cpu_allocatable_cores", "gauge", "CPU the cluster's nodes offer",
                clusters.Select(c => ClusterSample(c, (double)c.Spec.CpuCores)))
            .Family(Prefix + "cluster_cpu_allocated_cores", "gauge", "CPU requested by the pods scheduled on the cluster",
                clusters.Select(c => ClusterSample(c, (double)c.Allocated.Cpu)))
            .Family(Prefix + "cluster_cpu_utilisation_ratio", "gauge", "Busy cores over all cores",
                clusters.Select(c => ClusterSample(c, c.Utilisation)))
            .Family(Prefix + "cluster_power_watts", "gauge", "PUE * cores * (idle + utilisation * (max - idle)) watts per core",
                clusters.Select(c => ClusterSample(c, c.PowerWatts)))
            .Family(Prefix + "cluster_energy_joules_total", "counter", "Energy drawn by the cluster, facility overhead included",
                clusters.Select(c => ClusterSample(c, c.EnergyJoules)))
            .Family(Prefix + "cluster_carbon_intensity_grams_per_kilowatt_hour", "gauge", "Grid carbon intensity at the cluster",
                clusters.Select(c => ClusterSample(c, c.CarbonIntensity)))
            .Family("smo_carbon_intensity_grams_per_kwh", "gauge", "Grid carbon intensity at the cluster now, gCO2/kWh (what Smo's carbon pull reads)",
                clusters.Select(c => ClusterSample(c, c.CarbonIntensity)))
            .Family(Prefix + "cluster_carbon_grams_total", "counter", "CO2-equivalent emitted for the cluster's energy",
                clusters.Select(c => ClusterSample(c, c.CarbonGrams)))
            .Family(Prefix + "elapsed_seconds", "gauge", "Simulated time since the scenario started",
                [new Sample([], state.LastStep.TotalSeconds)])
            .ToString();
    }

    /// <summary>
    /// flask's counter per namespace the service runs in, labelled as Prometheus labels a pod's series; a service no
    /// Deployment has served yet has its zero series without a namespace.
    /// </summary>
    private static IEnumerable<Sample> RequestSamples(ServiceLoad service)
    {
        if (service.ByNamespace.Count == 0)
        {
            return
            [
                new Sample([("method", "GET"), ("service", service.Service), ("status", "200")], 0),
                new Sample([("method", "GET"), ("service", service.Service), ("status", "503")], 0),
            ];
        }

        return service.ByNamespace.SelectMany(entry => new[]
        {
            new Sample([("method", "GET"), ("namespace", entry.Key), ("service", service.Service), ("status", "200")], entry.Value.Served),
            new Sample([("method", "GET"), ("namespace", entry.Key), ("service", service.Service), ("status", "503")], entry.Value.Rejected),
        });
    }

    private static Sample ServiceSample(string service, double value) => new([("service", service)], value);

    private static Sample DeploymentSample(DeploymentRuntime d, double value) =>
        new([("namespace", d.Namespace), ("deployment", d.Name)], value);

    private static Sample ShareSample(DeploymentRuntime d, ClusterShare share, double value) =>
        new([("cluster", share.Cluster), ("namespace", d.Namespace), ("deployment", d.Name)], value);

    private static Sample ClusterSample(ClusterRuntime c, double value) => new([("cluster", c.Name)], value);
}
