using Microsoft.Extensions.Diagnostics.HealthChecks;
using Smo.Durable.Storage;

namespace Smo.Functions.Durable;

/// <summary>Healthy when the durable store answers a read.</summary>
public sealed class DurableStoreHealthCheck(IOrchestrationStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.QueryInstancesAsync(new InstanceFilter(), null, 1, cancellationToken);
            return HealthCheckResult.Healthy("The durable store answers.");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("The durable store does not answer.", exception);
        }
    }
}
