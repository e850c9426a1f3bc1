using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Smo.Adapters.Helm;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Helm;

public sealed class HelmCliRunnerTests : IDisposable
{
    private readonly FakeHelm _helm = FakeHelm.Create();

    public void Dispose() => _helm.Dispose();

    private ServiceProvider Services(params (string Key, string? Value)[] extra) => AdapterServices.Build(AdapterServices.Settings(
        [("Smo:Helm:BinaryPath", _helm.BinaryPath), ("Smo:Helm:KubeconfigPath", "/etc/karmada/karmada-apiserver.config"),
         ("Smo:Helm:KubeContext", "karmada-apiserver"), ("Smo:Helm:PlainHttp", "true"), ("Smo:Helm:Timeout", "00:02:00"),
         ("Smo:Helm:RetryBaseDelay", "00:00:00.010"), .. extra]));

    private static HelmRelease Release() => new("noise-reduction", "oci://127.0.0.1:5000/demo/noise-reduction", "demo", "0.1.0",
        new JsonObject { ["clustersAffinity"] = new JsonArray("member1"), ["replicaCount"] = 2 }, "smo: graph demo, service noise-reduction");

    [Fact]
    public async Task UpgradeInstallAsync_runs_upgrade_install_with_values_namespace_kubeconfig_and_plain_http()
    {
        _helm.Answer(1, 0, stdout: "Release \"noise-reduction\" does not exist. Installing it now.\n");
        await using var services = Services();

        var stdout = await services.GetRequiredService<IHelmRunner>().UpgradeInstallAsync(Release());

        Assert.Contains("Installing it now", stdout);
        var argv = _helm.Arguments(1);
        Assert.Equal(["upgrade", "--install", "--version", "0.1.0", "--values"], argv.Take(5));
        // Flags, then "--", then the positional arguments: a release or chart can never be read as a flag.
        Assert.Equal(["--namespace", "demo", "--create-namespace", "--plain-http", "--description", "smo: graph demo, service noise-reduction",
            "--timeout", "120s", "--kubeconfig", "/etc/karmada/karmada-apiserver.config", "--kube-context", "karmada-apiserver",
            "--", "noise-reduction", "oci://127.0.0.1:5000/demo/noise-reduction"], argv.Skip(6));
        Assert.Equal("""{"clustersAffinity":["member1"],"replicaCount":2}""", _helm.Values(1));
        Assert.False(File.Exists(argv[5]), "the values file is removed after the run");
    }

    [Theory]
    [InlineData("--set=image.repository=evil", "starts with '-'")]
    [InlineData("file:///etc/passwd", "scheme 'file' is not allowed")]
    [InlineData("./charts/web", "is not a chart reference")]
    [InlineData("/var/lib/charts/web.tgz", "is not a chart reference")]
    [InlineData("oci://registry/web; rm -rf /", "whitespace, control or shell characters")]
    [InlineData("oci://registry/$(id)", "whitespace, control or shell characters")]
    [InlineData("https://user:secret@charts.example/web-1.0.0.tgz", "carries credentials")]
    [InlineData("oci://", "no host or no chart path")]
    public async Task A_chart_reference_helm_must_not_see_is_refused_before_helm_runs(string chart, string reason)
    {
        await using var services = Services();

        var failure = await Assert.ThrowsAsync<ArgumentException>(() =>
            services.GetRequiredService<IHelmRunner>().UpgradeInstallAsync(Release() with { Chart = chart }));

        Assert.Contains(reason, failure.Message);
        Assert.Equal(0, _helm.Invocations);
    }

    [Theory]
    [InlineData("oci://127.0.0.1:5000/demo/noise-reduction")]
    [InlineData("https://charts.example/web-1.0.0.tgz")]
    [InlineData("bitnami/nginx")]
    public void The_chart_references_smo_installs_are_accepted(string chart) => Assert.Null(HelmChartReference.Problem(chart));

    [Fact]
    public async Task A_non_zero_exit_is_a_rejected_error_carrying_helms_stderr()
    {
        _helm.Answer(1, 1, stderr: "Error: INSTALLATION FAILED: cannot re-use a name that is still in use\n");
        await using var services = Services();

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IHelmRunner>().UpgradeInstallAsync(Release()));

        Assert.Equal(AdapterFailure.Rejected, failure.Failure);
        Assert.Equal("Helm: upgrade --install noise-reduction in namespace demo failed: exit code 1: Error: INSTALLATION FAILED: cannot re-use a name that is still in use",
            failure.Message);
        Assert.Equal(1, _helm.Invocations);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_the_retry_succeeds()
    {
        _helm.Answer(1, 1, stderr: "Error: Kubernetes cluster unreachable: Get \"https://karmada:5443/version\": dial tcp: connect: connection refused\n");
        _helm.Answer(2, 1, stderr: "Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress\n");
        _helm.Answer(3, 0, stdout: "Release \"noise-reduction\" has been upgraded. Happy Helming!\n");
        await using var services = Services();

        var stdout = await services.GetRequiredService<IHelmRunner>().UpgradeInstallAsync(Release());

        Assert.Contains("Happy Helming", stdout);
        Assert.Equal(3, _helm.Invocations);
    }

    [Fact]
    public async Task Repeated_transient_failures_open_the_circuit_and_helm_is_not_started_again()
    {
        const string unreachable = "Error: Kubernetes cluster unreachable: Get \"https://karmada:5443/version\": dial tcp: connect: connection refused\n";
        _helm.Answer(1, 1, stderr: unreachable);
        _helm.Answer(2, 1, stderr: unreachable);
        await using var services = Services(("Smo:Helm:MaxRetries", "0"), ("Smo:Helm:BreakerMinimumThroughput", "2"));
        var runner = services.GetRequiredService<IHelmRunner>();
        await Assert.ThrowsAsync<AdapterException>(() => runner.UpgradeInstallAsync(Release()));
        await Assert.ThrowsAsync<AdapterException>(() => runner.UpgradeInstallAsync(Release()));

        var failure = await Assert.ThrowsAsync<AdapterException>(() => runner.UpgradeInstallAsync(Release()));

        Assert.Equal(2, _helm.Invocations);
        Assert.Equal(AdapterFailure.Unavailable, failure.Failure);
        Assert.StartsWith("Helm: upgrade --install noise-reduction in namespace demo failed: not attempted: the circuit is open", failure.Message);
        Assert.Contains("last failure: exit code 1: Error: Kubernetes cluster unreachable", failure.Message);
    }

    [Fact]
    public async Task UninstallAsync_of_a_release_that_is_gone_returns_false()
    {
        _helm.Answer(1, 1, stderr: "Error: uninstall: Release not loaded: noise-reduction: release: not found\n");
        _helm.Answer(2, 0, stdout: "release \"web\" uninstalled\n");
        await using var services = Services();
        var helm = services.GetRequiredService<IHelmRunner>();

        Assert.False(await helm.UninstallAsync("noise-reduction", "demo"));
        Assert.True(await helm.UninstallAsync("web", "demo"));
        Assert.Equal(["uninstall", "--namespace", "demo", "--timeout", "120s",
            "--kubeconfig", "/etc/karmada/karmada-apiserver.config", "--kube-context", "karmada-apiserver", "--", "web"], _helm.Arguments(2));
    }

    [Fact]
    public async Task RollbackAsync_runs_rollback_to_the_revision_after_the_flags()
    {
        _helm.Answer(1, 0, stdout: "Rollback was a success! Happy Helming!\n");
        await using var services = Services();

        await services.GetRequiredService<IHelmRunner>().RollbackAsync("web", "demo", 3);

        Assert.Equal(["rollback", "--namespace", "demo", "--timeout", "120s",
            "--kubeconfig", "/etc/karmada/karmada-apiserver.config", "--kube-context", "karmada-apiserver", "--", "web", "3"], _helm.Arguments(1));
    }

    [Fact]
    public async Task RollbackAsync_to_a_revision_helm_does_not_have_fails_with_helms_words_and_is_not_retried()
    {
        _helm.Answer(1, 1, stderr: "Error: release has no 7 version\n");
        await using var services = Services();

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IHelmRunner>().RollbackAsync("web", "demo", 7));

        Assert.Equal(AdapterFailure.Rejected, failure.Failure);
        Assert.Contains("release has no 7 version", failure.Message);
        Assert.Equal(1, _helm.Invocations);
    }

    [Fact]
    public async Task A_helm_that_runs_past_its_deadline_is_killed_and_reported_as_a_timeout()
    {
        _helm.Answer(1, 0, sleepSeconds: 30);
        await using var services = Services(("Smo:Helm:Timeout", "00:00:01"), ("Smo:Helm:KillGrace", "00:00:00"), ("Smo:Helm:MaxRetries", "0"));

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IHelmRunner>().UpgradeInstallAsync(Release()));

        Assert.Equal(AdapterFailure.Timeout, failure.Failure);
        Assert.Contains("did not finish within 1 s and was killed", failure.Message);
    }

    [Fact]
    public async Task A_missing_binary_is_reported_with_its_path()
    {
        await using var services = Services(("Smo:Helm:BinaryPath", "/nonexistent/helm"));

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IHelmRunner>().UpgradeInstallAsync(Release()));

        Assert.Equal(AdapterFailure.Rejected, failure.Failure);
        Assert.Contains("cannot run '/nonexistent/helm'", failure.Message);
    }

    [Theory]
    [InlineData("Noise_Reduction", "demo")]
    [InlineData("noise-reduction", "Demo Project")]
    public async Task Invalid_release_or_namespace_names_are_refused_before_helm_runs(string release, string ns)
    {
        await using var services = Services();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            services.GetRequiredService<IHelmRunner>().UpgradeInstallAsync(Release() with { Name = release, Namespace = ns }));

        Assert.Equal(0, _helm.Invocations);
    }

    [Fact]
    public async Task ListAsync_reads_each_listed_releases_revision_and_status_and_keeps_only_those_asked_for()
    {
        _helm.Answer(1, 0, stdout: """
            [{"name":"demo-web","namespace":"demo","revision":"3","updated":"2025-05-13 17:48:28.123456789 +0200 CEST","status":"deployed","chart":"web-0.1.0","app_version":"1.16.0"},
             {"name":"demo-db","namespace":"demo","revision":"1","updated":"-","status":"uninstalled","chart":"db-0.1.0","app_version":""},
             {"name":"demo-webhook","namespace":"demo","revision":"2","updated":"-","status":"failed","chart":"hook-0.1.0","app_version":""}]
            """);
        await using var services = Services();

        var releases = await services.GetRequiredService<IHelmRunner>().ListAsync(["demo-web", "demo-db"], "demo");

        Assert.Equal([new HelmListedRelease("demo-web", 3, "deployed"), new HelmListedRelease("demo-db", 1, "uninstalled")], releases);
        Assert.Equal(["list", "--namespace", "demo", "--all", "--max", "0", "--output", "json", "--filter", "^(demo-web|demo-db)$"], _helm.Arguments(1).Take(10));
    }

    [Fact]
    public async Task ListAsync_of_a_namespace_without_releases_is_empty()
    {
        _helm.Answer(1, 0, stdout: "[]\n");
        await using var services = Services();

        var releases = await services.GetRequiredService<IHelmRunner>().ListAsync(["demo-web"], "demo");

        Assert.Empty(releases);
    }

    [Theory]
    [InlineData("Release \"web\" has been upgraded. Happy Helming!\nNAME: web\nLAST DEPLOYED: Tue May 13 17:48:28 2025\nNAMESPACE: demo\nSTATUS: deployed\nREVISION: 12\nTEST SUITE: None\n", 12)]
    [InlineData("NAME: web\r\nSTATUS: deployed\r\nREVISION: 1\r\n", 1)]
    [InlineData("Release \"web\" has been upgraded. Happy Helming!\n", null)]
    [InlineData("REVISION: zero\n", null)]
    public void HelmUpgradeReport_reads_the_revision_line_of_helms_report(string stdout, int? revision)
    {
        Assert.Equal(revision, HelmUpgradeReport.Revision(stdout));
    }
}
