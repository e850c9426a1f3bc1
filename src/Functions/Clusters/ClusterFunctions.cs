using Microsoft.Azure.Functions.Worker;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Smo.Adapters;
using Smo.Functions.Carbon;
using Smo.Functions.Http;
using Smo.Store.Clusters;

namespace Smo.Functions.Clusters;

/// <summary>
/// The federation's clusters: <c>GET /clusters</c> (and the original's <c>/clusters/</c> and <c>/cluster/clusters</c>) syncs from Karmada when it is
/// configured, then lists; <c>PUT /clusters/{name}/energy_profile</c> sets what energy-aware placement uses (and asks
/// the energy-aware graphs whose clusters' outlook it changed enough to re-place); a timer
/// keeps the inventory fresh, tells running graphs when a cluster appears, leaves or changes readiness, and publishes
/// the dashboards of clusters that have none yet.
/// </summary>
public sealed class ClusterFunctions(ClusterStore clusters, InventoryNotifier inventory, ClusterDashboards dashboards, CarbonReoptimiser reoptimiser)
{
    public const string SyncName = "ClusterInventorySync";
    public const string SyncScheduleSetting = "ClusterInventorySyncSchedule";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Routing ignores a trailing slash, so this route also serves the original's <c>/clusters/</c>.</summary>
    [Function("Clusters_List"), Returns(typeof(IReadOnlyList<ClusterView>))]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "clusters")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ListAsync(client, cancellationToken);

    /// <summary>The same list where the original's V2 served it.</summary>
    [Function("Clusters_ListOriginal"), Returns(typeof(IReadOnlyList<ClusterView>))]
    public Task<IResult> ListOriginal([HttpTrigger(AuthorizationLevel.Function, "get", Route = "cluster/clusters")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ListAsync(client, cancellationToken);

    [Function("Clusters_SetEnergyProfile"), Returns(typeof(ClusterView))]
    public Task<IResult> SetEnergyProfile(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "clusters/{name}/energy_profile")] HttpRequest request, string name, [DurableClient] DurableTaskClient client) =>
        SetEnergyProfileAsync(name, request, client);

    /// <summary>
    /// Keeps the inventory fresh and tells running graphs when a cluster appears, leaves or changes readiness; then
    /// publishes the dashboards of clusters that have none (only here: the API's syncs must not wait on Grafana).
    /// </summary>
    [Function(SyncName)]
    public async Task Sync([TimerTrigger("%" + SyncScheduleSetting + "%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        await inventory.SyncAsync(client, cancellationToken);
        await dashboards.PublishMissingAsync(cancellationToken);
    }

    private async Task<IResult> ListAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            await inventory.SyncAsync(client, cancellationToken);
        }
        catch (AdapterException failure)
        {
            return TypedResults.Problem(detail: failure.Message, statusCode: StatusCodes.Status502BadGateway, title: "Karmada could not be read.");
        }

        return TypedResults.Ok((await clusters.ListAsync(includeRemoved: false, cancellationToken)).Select(ClusterView.Of).ToList());
    }

    private async Task<IResult> SetEnergyProfileAsync(string name, HttpRequest request, DurableTaskClient client)
    {
        var body = await Problems.ReadJsonBodyAsync(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        ClusterEnergyProfile? profile;
        try
        {
            profile = body.Value is { } value ? value.Deserialize<ClusterEnergyProfile>(Json) : null;
        }
        catch (JsonException invalid)
        {
            return Problems.BadRequest(
                $"The energy profile does not fit {{pue, idleWattsPerCore, maxWattsPerCore, carbonGramsPerKWh, renewableShare, pricePerKWh, carbonForecast, carbonSeries: [{{at, gramsPerKWh}}]}}: {invalid.Message}",
                invalid.Path ?? "body");
        }

        if (profile is null)
        {
            return Problems.BadRequest("The body must be an energy profile object.", "body");
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        try
        {
            // A cluster Karmada has but the periodic sync has not brought in yet is read in now, not refused.
            var set = await clusters.SetEnergyProfileAsync(name, profile, cancellationToken);
            if (!set)
            {
                await inventory.SyncAsync(client, cancellationToken);
                set = await clusters.SetEnergyProfileAsync(name, profile, cancellationToken);
            }

            if (!set)
            {
                return Problems.NotFound($"No cluster is named '{name}'; GET /clusters lists them.");
            }

            await reoptimiser.CheckAsync(client, cancellationToken);
            return await clusters.GetAsync(name, cancellationToken) is { } cluster ? TypedResults.Ok(ClusterView.Of(cluster)) : Problems.NotFound($"Cluster '{name}' left the federation while its profile was set.");
        }
        catch (ArgumentException invalid)
        {
            return Problems.BadRequest(invalid.Message, "body");
        }
    }
}
