using Smo.Adapters;
using Smo.Adapters.Nfvcl;
using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Http;
using Smo.Functions.Placement;
using Smo.Orchestrations.Graphs;
using Smo.Store.Nfvcl;

namespace Smo.Functions.Nfvcl;

/// <summary>
/// What every NFVCL route needs — the NFVCL client and SMO's NFVCL tables — and the answers they share: 503 when
/// NFVCL or the store is not configured, 400 naming the field, 413 for a body over the limit, 502 with the adapter's reason when NFVCL fails.
/// </summary>
internal sealed record NfvclBackend(INfvclClient Nfvcl, VimStore Vims, OsK8sClusterStore Clusters, ILogger Log)
{
    public static async Task<IResult> RunAsync(IServiceProvider services, Func<NfvclBackend, Task<IResult>> route)
    {
        if (services.GetService<INfvclClient>() is not { } nfvcl)
        {
            return NotConfigured();
        }

        if (services.GetService<VimStore>() is not { } vims || services.GetService<OsK8sClusterStore>() is not { } clusters)
        {
            return GraphFunctions.StoreMissing();
        }

        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(NfvclFunctions).FullName!);
        try
        {
            return await route(new NfvclBackend(nfvcl, vims, clusters, log));
        }
        catch (InvalidFieldException invalid)
        {
            return Problems.BadRequest(invalid.Message, invalid.Field);
        }
        catch (BodyTooLargeException)
        {
            return RequestBodies.TooLarge("The body", RequestBodies.MaxJsonLength);
        }
        catch (AdapterException failure)
        {
            return Upstream(failure.Message);
        }
    }

    /// <summary>NFVCL's failure as a 502; <paramref name="secret"/> (a password NFVCL may echo in a validation error) is masked.</summary>
    public static IResult Upstream(string reason, string? secret = null) => TypedResults.Problem(
        detail: string.IsNullOrEmpty(secret) ? reason : reason.Replace(secret, "***", StringComparison.Ordinal),
        statusCode: StatusCodes.Status502BadGateway, title: "NFVCL failed.");

    private static IResult NotConfigured() => TypedResults.Problem(
        detail: $"The NFVCL routes need NFVCL: set {NfvclOptions.Section}:BaseUrl (the original's NFVCL_BASE_URL).",
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "NFVCL is not configured.");
}
