using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Smo.Adapters.Prometheus;
using Smo.Store.Clusters;

namespace Smo.Functions.Carbon;

/// <summary>
/// The grid's carbon intensity, pulled from Prometheus every <c>Smo:Carbon:PullInterval</c> (one host per
/// occurrence; nothing is asked when <c>Smo:Carbon:Query</c> is empty), then the energy-aware graphs whose clusters'
/// outlook changed enough are asked to re-place. It needs Prometheus (<c>Smo:Prometheus:BaseUrl</c>): without it the
/// timer does not fire.
/// </summary>
public sealed class CarbonFunctions(
    IPrometheusQuery prometheus, ClusterStore clusters, CarbonReoptimiser reoptimiser, CarbonOptions options, TimeProvider time, ILogger<CarbonPull> logger)
{
    private readonly CarbonPull _pull = new(prometheus, clusters, options, time, logger);

    public const string PullName = "CarbonPull";

    [Function(PullName)]
    public async Task Pull([TimerTrigger("%" + CarbonOptions.PullIntervalSetting + "%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        if ((await _pull.PullAsync(cancellationToken)).Count > 0)
        {
            await reoptimiser.CheckAsync(client, cancellationToken);
        }
    }
}
