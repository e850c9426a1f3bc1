using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Smo.Simulator.Federation;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Yaml;

namespace Smo.Simulator.Helm;

/// <summary>
/// Helm's install/upgrade/uninstall actions against the twin: one Deployment per release, Helm's error wording,
/// and Helm's three-way merge for replicas (a live scale survives an upgrade that does not change the chart's value).
/// </summary>
public sealed partial class ReleaseInstaller(Simulation simulation)
{
    private const int MaxReleaseNameLength = 53;
    private static readonly TimeSpan WaitPollInterval = TimeSpan.FromMilliseconds(100);

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex ReleaseName();

    public async Task<HelmOutcome> UpgradeAsync(UpgradeCommand command, CancellationToken cancellationToken)
    {
        var failurePrefix = command.InstallOnly ? "INSTALLATION FAILED: " : "";
        if (!ReleaseName().IsMatch(command.Release) || command.Release.Length > MaxReleaseNameLength)
        {
            return HelmOutcome.Failure(400, $"{failurePrefix}release name \"{command.Release}\": invalid release name, must match regex {ReleaseName()} and the length must not be longer than {MaxReleaseNameLength}");
        }
        if (ChartReference.Problem(command.Chart) is { } chartProblem)
        {
            return HelmOutcome.Failure(400, failurePrefix + chartProblem);
        }
        var reused = command.ReuseValues
            ? simulation.Read(state => state.Releases.GetValueOrDefault((command.Namespace, command.Release))?.Values)
            : null;
        ReleaseValues values;
        try
        {
            values = ReleaseValues.Parse(command.Values, reused);
        }
        catch (Exception e) when (e is YamlSyntaxException or FormatException)
        {
            return HelmOutcome.Failure(400, $"failed to parse values: {e.Message}");
        }
        var applied = simulation.Write(state => Apply(state, command, values));
        if (applied.Outcome is { } failure)
        {
            return failure;
        }
        var release = applied.Release!;
        if (command.Wait && !await WaitUntilReadyAsync(release, command.Timeout, cancellationToken))
        {
            simulation.Write(state => state.Releases[(release.Namespace, release.Name)] = release with { Status = "failed" });
            var prefix = release.Revision == 1 ? failurePrefix : "UPGRADE FAILED: ";
            return HelmOutcome.Failure(504, $"{prefix}context deadline exceeded");
        }
        return HelmOutcome.Success(Report(release, command.InstallOnly));
    }

    public HelmOutcome Uninstall(string release, string ns) => simulation.Write(state =>
    {
        if (!state.Releases.Remove((ns, release), out var removed))
        {
            return HelmOutcome.Failure(404, $"uninstall: Release not loaded: {release}: release: not found");
        }
        if (state.Store.Get(ResourceCatalog.Deployments, ns, removed.Deployment) is { } deployment && OwnedBy(deployment, release, ns))
        {
            state.Store.Delete(ResourceCatalog.Deployments, ns, removed.Deployment);
        }
        return HelmOutcome.Success($"release \"{release}\" uninstalled\n");
    });

    /// <summary>
    /// <c>helm rollback</c>: the release's chart and values of <paramref name="revision"/> (0: the one before the
    /// current) rendered again as a new revision, described <c>Rollback to N</c>; Helm's errors for an unknown release
    /// or revision. A live scale survives as in an upgrade (three-way merge).
    /// </summary>
    public HelmOutcome Rollback(string release, string ns, int revision) => simulation.Write(state =>
    {
        if (revision < 0)
        {
            return HelmOutcome.Failure(400, "invalid release revision number");
        }
        if (!state.Releases.TryGetValue((ns, release), out var current))
        {
            return HelmOutcome.Failure(404, "release: not found");
        }
        var wanted = revision == 0 ? current.Revision - 1 : revision;
        var target = wanted == current.Revision ? current.Superseded() : current.History.FirstOrDefault(r => r.Revision == wanted);
        if (target is null)
        {
            return HelmOutcome.Failure(404, $"release has no {wanted} version");
        }
        var values = ReleaseValues.Parse("", target.Values);
        var command = new UpgradeCommand(release, ns, target.Chart, Install: false, InstallOnly: false, CreateNamespace: false, Wait: false,
            ReuseValues: false, TimeSpan.Zero, "");
        var response = ApplyDeployment(state, command, ReleaseDeployment.Render(release, ns, target.Chart, values), current, values.Replicas);
        if (response.StatusCode >= 300)
        {
            return HelmOutcome.Failure(response.StatusCode == 409 ? 409 : 422, response.Body.StringAt("message") ?? response.Body.ToJsonString());
        }
        state.Releases[(ns, release)] = current with
        {
            Deployment = ReleaseDeployment.NameFor(release, values),
            Description = $"Rollback to {wanted}",
            Chart = target.Chart,
            Revision = current.Revision + 1,
            Status = "deployed",
            Values = values.Merged,
            Cluster = values.Cluster,
            RenderedReplicas = values.Replicas,
            LastDeployed = state.Clock.Now,
            History = current.HistoryAfter(),
        };
        return HelmOutcome.Success("Rollback was a success! Happy Helming!\n");
    });

    /// <summary>The release as <c>helm status</c> finds it; null when there is none.</summary>
    public HelmRelease? Find(string release, string ns) => simulation.Read(state => state.Releases.GetValueOrDefault((ns, release)));

    public IReadOnlyList<HelmRelease> List() =>
        simulation.Read(state => state.Releases.Values.OrderBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToList());

    private sealed record Applied(HelmRelease? Release, HelmOutcome? Outcome);

    private static Applied Apply(FederationState state, UpgradeCommand command, ReleaseValues values)
    {
        var failurePrefix = command.InstallOnly ? "INSTALLATION FAILED: " : "";
        state.Releases.TryGetValue((command.Namespace, command.Release), out var previous);
        if (previous is null && !command.Install)
        {
            return new(null, HelmOutcome.Failure(404, $"UPGRADE FAILED: \"{command.Release}\" has no deployed releases"));
        }
        if (previous is not null && command.InstallOnly)
        {
            return new(null, HelmOutcome.Failure(409, "INSTALLATION FAILED: cannot re-use a name that is still in use"));
        }
        if (!state.Store.Exists(ResourceCatalog.Namespaces, null, command.Namespace))
        {
            if (!command.CreateNamespace)
            {
                return new(null, HelmOutcome.Failure(404, $"{failurePrefix}create: failed to create: namespaces \"{command.Namespace}\" not found"));
            }
            KubernetesApi.CreateObject(state, ResourceCatalog.Namespaces, null, Simulation.NamespaceObject(command.Namespace));
        }
        var rendered = ReleaseDeployment.Render(command.Release, command.Namespace, command.Chart, values);
        var response = ApplyDeployment(state, command, rendered, previous, values.Replicas);
        if (response.StatusCode >= 300)
        {
            var message = response.Body.StringAt("message") ?? response.Body.ToJsonString();
            var prefix = previous is null ? failurePrefix : "UPGRADE FAILED: ";
            return new(null, HelmOutcome.Failure(response.StatusCode == 409 ? 409 : 422, prefix + message));
        }
        var now = state.Clock.Now;
        var description = command.Description is { Length: > 0 } given ? given : previous is null ? "Install complete" : "Upgrade complete";
        var release = new HelmRelease(command.Release, ReleaseDeployment.NameFor(command.Release, values), description,
            command.Namespace, command.Chart, (previous?.Revision ?? 0) + 1, "deployed",
            values.Merged, values.Cluster, values.Replicas, previous?.FirstDeployed ?? now, now)
        {
            History = previous?.HistoryAfter() ?? [],
        };
        state.Releases[(command.Namespace, command.Release)] = release;
        return new(release, null);
    }

    private static ApiResponse ApplyDeployment(FederationState state, UpgradeCommand command, JsonObject rendered, HelmRelease? previous, int replicas)
    {
        var name = rendered.StringAt("metadata", "name")!;
        var live = state.Store.Get(ResourceCatalog.Deployments, command.Namespace, name);
        if (live is null)
        {
            return KubernetesApi.CreateObject(state, ResourceCatalog.Deployments, command.Namespace, rendered);
        }
        if (!OwnedBy(live, command.Release, command.Namespace))
        {
            // Helm's words: another release's Deployment (or one Helm did not make) is never taken over.
            var owner = live.StringAt("metadata", "annotations", ReleaseDeployment.ReleaseNameAnnotation);
            var why = owner is null
                ? $"missing key \"{ReleaseDeployment.ReleaseNameAnnotation}\": must be set to \"{command.Release}\""
                : $"key \"{ReleaseDeployment.ReleaseNameAnnotation}\" must equal \"{command.Release}\": current value is \"{owner}\"";
            return StatusObjects.BadRequest(
                $"Unable to continue with install: Deployment \"{name}\" in namespace \"{command.Namespace}\" exists and cannot be imported into the current release: invalid ownership metadata; annotation validation error: {why}");
        }
        // Three-way merge: when the chart's replicas did not change, the live value (set by a scaler) wins.
        if (previous is not null && previous.RenderedReplicas == replicas)
        {
            rendered.Child("spec")["replicas"] = live.At("spec", "replicas")?.DeepClone();
        }
        rendered.Child("metadata")["resourceVersion"] = live.StringAt("metadata", "resourceVersion");
        return KubernetesApi.UpdateObject(state, ResourceCatalog.Deployments, command.Namespace, live, rendered);
    }

    private async Task<bool> WaitUntilReadyAsync(HelmRelease release, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (!simulation.Read(state =>
                       state.Deployments.TryGetValue((release.Namespace, release.Deployment), out var runtime)
                       && runtime.ReadyReplicas >= runtime.DesiredReplicas))
            {
                await Task.Delay(WaitPollInterval, deadline.Token);
            }
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static bool OwnedBy(JsonObject deployment, string release, string ns) =>
        deployment.StringAt("metadata", "annotations", ReleaseDeployment.ReleaseNameAnnotation) == release
        && deployment.StringAt("metadata", "annotations", ReleaseDeployment.ReleaseNamespaceAnnotation) == ns;

    /// <summary>helm's table output, after upgrade's one-line preamble; LAST DEPLOYED in Go's ANSIC layout.</summary>
    private static string Report(HelmRelease release, bool installOnly)
    {
        var deployed = release.LastDeployed.UtcDateTime;
        var ansic = string.Create(CultureInfo.InvariantCulture,
            $"{deployed:ddd MMM} {deployed.Day,2} {deployed:HH:mm:ss yyyy}");
        var text = new StringBuilder();
        if (!installOnly)
        {
            text.Append(release.Revision > 1
                ? $"Release \"{release.Name}\" has been upgraded. Happy Helming!\n"
                : $"Release \"{release.Name}\" does not exist. Installing it now.\n");
        }
        text.Append($"NAME: {release.Name}\nLAST DEPLOYED: {ansic}\nNAMESPACE: {release.Namespace}\n");
        text.Append(CultureInfo.InvariantCulture, $"STATUS: {release.Status}\nREVISION: {release.Revision}\nTEST SUITE: None\n");
        return text.ToString();
    }
}
