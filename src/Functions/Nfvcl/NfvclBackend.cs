using Smo.Adapters;
using Smo.Adapters.Nfvcl;
using Smo.Functions.Http;
using Smo.Store.Nfvcl;
using Smo.Functions.Secrets;

namespace Smo.Functions.Nfvcl;

/// <summary>
/// What every NFVCL route needs — the NFVCL client and SMO's NFVCL tables — and the answers they share: 400 naming
/// the field, 413 for a body over the limit, 502 with the adapter's reason when NFVCL fails. (Without NFVCL or the
/// store configured the routes answer 503 before they run: see <see cref="Hosting.FunctionRequirements"/>.)
/// </summary>
internal sealed record NfvclBackend(INfvclClient Nfvcl, VimStore Vims, OsK8sClusterStore Clusters, ILogger Log)
{
    /// <summary>Runs a route, answering its refusals and NFVCL's failures as problems.</summary>
    public async Task<IResult> RunAsync(Func<Task<IResult>> route)
    {
        try
        {
            return await route();
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

    /// <summary>NFVCL's failure as a 502; <paramref name="secret"/> (a password NFVCL may echo in a validation error) is masked in any encoding.</summary>
    public static IResult Upstream(string reason, string? secret = null) => TypedResults.Problem(
        detail: SecretMask.Apply(reason, secret), statusCode: StatusCodes.Status502BadGateway, title: "NFVCL failed.");
}
