using System.Globalization;

namespace Smo.Simulator.Helm;

/// <summary>
/// What the helm stand-in calls: the body of an upgrade is the values (YAML documents, later wins); answers are
/// text/plain, helm's stdout on success and its error message otherwise.
/// </summary>
public static class HelmEndpoints
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapHelmStandIn(this IEndpointRouteBuilder app)
    {
        var helm = app.MapGroup("/sim/helm/releases");
        helm.MapGet("/", (ReleaseInstaller installer) => TypedResults.Ok(installer.List().Select(r => new
        {
            name = r.Name,
            @namespace = r.Namespace,
            revision = r.Revision.ToString(CultureInfo.InvariantCulture),
            updated = r.LastDeployed.ToString("yyyy-MM-dd HH:mm:ss.fffffff zzz", CultureInfo.InvariantCulture),
            status = r.Status,
            chart = ReleaseDeployment.ChartName(r.Chart),
            cluster = r.Cluster,
        })));
        helm.MapPost("/{ns}/{release}", UpgradeAsync);
        helm.MapDelete("/{ns}/{release}", (string ns, string release, ReleaseInstaller installer) => Text(installer.Uninstall(release, ns)));
        return app;
    }

    private static async Task<IResult> UpgradeAsync(string ns, string release, HttpRequest request, ReleaseInstaller installer)
    {
        var query = request.Query;
        var chart = query["chart"].FirstOrDefault();
        if (string.IsNullOrEmpty(chart))
        {
            return Text(HelmOutcome.Failure(400, "query parameter 'chart' is required"));
        }
        var timeoutText = query["timeoutSeconds"].FirstOrDefault();
        var timeout = DefaultTimeout;
        if (timeoutText is not null)
        {
            if (!double.TryParse(timeoutText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
            {
                return Text(HelmOutcome.Failure(400, $"invalid timeout '{timeoutText}'"));
            }
            timeout = TimeSpan.FromSeconds(seconds);
        }
        var values = await new StreamReader(request.Body).ReadToEndAsync(request.HttpContext.RequestAborted);
        var command = new UpgradeCommand(release, ns, chart,
            Install: Flag(query, "install"),
            InstallOnly: Flag(query, "installOnly"),
            CreateNamespace: Flag(query, "createNamespace"),
            Wait: Flag(query, "wait"),
            ReuseValues: Flag(query, "reuseValues"),
            timeout,
            values);
        return Text(await installer.UpgradeAsync(command, request.HttpContext.RequestAborted));
    }

    private static bool Flag(IQueryCollection query, string name) => query[name].FirstOrDefault() is "true" or "1";

    private static IResult Text(HelmOutcome outcome) =>
        Results.Text(outcome.Text, "text/plain; charset=utf-8", statusCode: outcome.StatusCode);
}
