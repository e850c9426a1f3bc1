using System.Globalization;
using System.Text.RegularExpressions;

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
        // Also what "helm list -o json" prints: with namespace and filter (a regex on release names, as helm's --filter).
        helm.MapGet("/", (ReleaseInstaller installer, string? @namespace, string? filter) =>
        {
            Regex? names;
            try
            {
                names = string.IsNullOrEmpty(filter) ? null : new Regex(filter, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException exception)
            {
                return Text(HelmOutcome.Failure(400, $"invalid filter: {exception.Message}"));
            }
            return Results.Json(installer.List()
                .Where(r => (@namespace is null || r.Namespace == @namespace) && (names is null || names.IsMatch(r.Name)))
                .Select(r => new
                {
                    name = r.Name,
                    @namespace = r.Namespace,
                    revision = r.Revision.ToString(CultureInfo.InvariantCulture),
                    updated = r.LastDeployed.ToString("yyyy-MM-dd HH:mm:ss.fffffff zzz", CultureInfo.InvariantCulture),
                    status = r.Status,
                    chart = ReleaseDeployment.ChartName(r.Chart),
                    cluster = r.Cluster,
                }));
        });
        helm.MapGet("/{ns}/{release}", (string ns, string release, ReleaseInstaller installer) => installer.Find(release, ns) is { } found
            ? Results.Json(Status(found))
            : Text(HelmOutcome.Failure(404, "release: not found")));
        helm.MapPost("/{ns}/{release}", UpgradeAsync);
        helm.MapPost("/{ns}/{release}/rollback", (string ns, string release, string? revision, ReleaseInstaller installer) =>
            int.TryParse(revision ?? "0", NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                ? Text(installer.Rollback(release, ns, number))
                : Text(HelmOutcome.Failure(400, $"could not convert revision to a number: strconv.Atoi: parsing \"{revision}\": invalid syntax")));
        // What "helm history -o json" prints: oldest first, the revision a number (unlike list's string).
        helm.MapGet("/{ns}/{release}/history", (string ns, string release, ReleaseInstaller installer) => installer.Find(release, ns) is { } found
            ? Results.Json(found.History.Append(found.Superseded() with { Status = found.Status }).Select(r => new
            {
                revision = r.Revision,
                updated = r.Updated.ToString("O", CultureInfo.InvariantCulture),
                status = r.Status,
                chart = ReleaseDeployment.ChartName(r.Chart),
                app_version = "",
                description = r.Description,
            }))
            : Text(HelmOutcome.Failure(404, "release: not found")));
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
            values,
            query["description"].FirstOrDefault() ?? "");
        return Text(await installer.UpgradeAsync(command, request.HttpContext.RequestAborted));
    }

    /// <summary>What <c>helm status -o json</c> prints, the fields Smo reads (name, namespace, info, chart metadata, version).</summary>
    private static object Status(HelmRelease release) => new
    {
        name = release.Name,
        @namespace = release.Namespace,
        version = release.Revision,
        info = new
        {
            first_deployed = release.FirstDeployed.ToString("O", CultureInfo.InvariantCulture),
            last_deployed = release.LastDeployed.ToString("O", CultureInfo.InvariantCulture),
            status = release.Status,
            description = release.Description,
        },
        chart = new { metadata = new { name = ReleaseDeployment.ChartName(release.Chart) } },
    };

    private static bool Flag(IQueryCollection query, string name) => query[name].FirstOrDefault() is "true" or "1";

    private static IResult Text(HelmOutcome outcome) =>
        Results.Text(outcome.Text, "text/plain; charset=utf-8", statusCode: outcome.StatusCode);
}
