using Smo.Simulator.Hosting;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Helm;

public sealed class HelmStandInTests() : SimulatorTest(podStartDelay: "0s")
{
    private HelmStandIn _helm = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _helm = new HelmStandIn(Host);
    }

    public override async Task DisposeAsync()
    {
        _helm.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Install_creates_a_deployment_on_the_affinity_cluster_and_uninstall_removes_it()
    {
        var (installed, stdout, _) = await _helm.InstallAsync("web", "clustersAffinity: [small]\nserviceImportClusters: [big]\n", "graph-a");
        var (_, deployment) = await Client.GetAsync("/apis/apps/v1/namespaces/graph-a/deployments/web");
        var (_, small) = await Client.GetAsync("/apis/cluster.karmada.io/v1alpha1/clusters/small");
        var (uninstalled, bye, _) = await _helm.RunAsync("uninstall", "web", "--namespace", "graph-a", "--kubeconfig", _helm.Kubeconfig);
        var (gone, _) = await Client.GetAsync("/apis/apps/v1/namespaces/graph-a/deployments/web");

        Assert.Equal(0, installed);
        Assert.StartsWith("Release \"web\" does not exist. Installing it now.\nNAME: web\n", stdout);
        Assert.Contains("STATUS: deployed\nREVISION: 1\n", stdout);
        Assert.Equal("small", deployment["metadata"]!["annotations"]!["simulator.smo.io/cluster"]!.GetValue<string>());
        Assert.Equal("Helm", deployment["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>());
        Assert.Equal("1", small["status"]!["resourceSummary"]!["allocated"]!["cpu"]!.GetValue<string>());
        Assert.Equal(0, uninstalled);
        Assert.Equal("release \"web\" uninstalled\n", bye);
        Assert.Equal(404, gone);
    }

    [Fact]
    public async Task Install_of_a_virtual_object_reads_clustersAffinity_and_resources_under_voChartOverwrite()
    {
        const string values = """
            voDescriptorOverwrite: {name: vo}
            voChartOverwrite:
              clustersAffinity: [big]
              resources: {limits: {cpu: 250m}}
              replicaCount: 2
            """;

        await _helm.InstallAsync("image-compression-vo", values);
        var (_, deployment) = await Client.GetAsync("/apis/apps/v1/namespaces/demo/deployments/image-compression-vo");

        Assert.Equal("big", deployment["metadata"]!["annotations"]!["simulator.smo.io/cluster"]!.GetValue<string>());
        Assert.Equal(2, deployment["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("250m", deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"]!.GetValue<string>());
    }

    [Fact]
    public async Task Install_without_resources_in_values_gets_the_chart_default_cpu_limit()
    {
        await _helm.InstallAsync("web", "clustersAffinity: [big]\n");
        var (_, deployment) = await Client.GetAsync("/apis/apps/v1/namespaces/demo/deployments/web");

        Assert.Equal("1", deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upgrade_with_a_new_affinity_moves_the_deployment_and_keeps_a_live_scale()
    {
        await _helm.InstallAsync("web", "clustersAffinity: [big]\n");
        await Client.PatchAsync("/apis/apps/v1/namespaces/demo/deployments/web/scale", """{"spec":{"replicas":3}}""", "application/merge-patch+json");

        var (code, stdout, _) = await _helm.InstallAsync("web", "clustersAffinity: [small]\n");
        var (_, deployment) = await Client.GetAsync("/apis/apps/v1/namespaces/demo/deployments/web");

        Assert.Equal(0, code);
        Assert.StartsWith("Release \"web\" has been upgraded. Happy Helming!\n", stdout);
        Assert.Contains("REVISION: 2\n", stdout);
        Assert.Equal("small", deployment["metadata"]!["annotations"]!["simulator.smo.io/cluster"]!.GetValue<string>());
        Assert.Equal(3, deployment["spec"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public async Task Upgrade_with_reuse_values_keeps_earlier_values_under_new_ones()
    {
        await _helm.InstallAsync("web", "clustersAffinity: [big]\nresources: {limits: {cpu: 2}}\n");

        await _helm.InstallAsync("web", "clustersAffinity: [small]\n", "demo", "--reuse-values");
        var (_, deployment) = await Client.GetAsync("/apis/apps/v1/namespaces/demo/deployments/web");

        Assert.Equal("small", deployment["metadata"]!["annotations"]!["simulator.smo.io/cluster"]!.GetValue<string>());
        Assert.Equal("2", deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rollback_returns_a_release_to_an_earlier_revisions_values_as_a_new_revision()
    {
        await _helm.InstallAsync("web", "clustersAffinity: [big]\nreplicaCount: 1\n");
        await _helm.InstallAsync("web", "clustersAffinity: [small]\nreplicaCount: 2\n");

        var (code, stdout, _) = await _helm.RunAsync("rollback", "web", "1", "--namespace", "demo", "--kubeconfig", _helm.Kubeconfig);
        var (_, deployment) = await Client.GetAsync("/apis/apps/v1/namespaces/demo/deployments/web");
        var (_, history, _) = await _helm.RunAsync("history", "web", "--namespace", "demo", "--kubeconfig", _helm.Kubeconfig, "-o", "json");

        Assert.Equal(0, code);
        Assert.Equal("Rollback was a success! Happy Helming!\n", stdout);
        Assert.Equal("big", deployment["metadata"]!["annotations"]!["simulator.smo.io/cluster"]!.GetValue<string>());
        Assert.Equal(1, deployment["spec"]!["replicas"]!.GetValue<long>());
        var revisions = System.Text.Json.Nodes.JsonNode.Parse(history)!.AsArray();
        Assert.Equal([1, 2, 3], revisions.Select(r => r!["revision"]!.GetValue<int>()));
        Assert.Equal(["superseded", "superseded", "deployed"], revisions.Select(r => r!["status"]!.GetValue<string>()));
        Assert.Equal("Rollback to 1", revisions[2]!["description"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("nothing", "1", "Error: release: not found")]
    [InlineData("web", "7", "Error: release has no 7 version")]
    [InlineData("web", "-1", "Error: invalid release revision number")]
    [InlineData("web", "two", "Error: could not convert revision to a number: strconv.Atoi: parsing \"two\": invalid syntax")]
    public async Task Rollback_refuses_what_helm_refuses(string release, string revision, string expected)
    {
        await _helm.InstallAsync("web", "clustersAffinity: [big]\n");

        // After "--", as Smo sends it: before it, "-1" is a flag to helm (unknown shorthand flag: '1').
        var (code, stdout, stderr) = await _helm.RunAsync("rollback", "--namespace", "demo", "--kubeconfig", _helm.Kubeconfig, "--", release, revision);

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal(expected, stderr.TrimEnd('\n'));
    }

    [Fact]
    public async Task Wait_returns_once_the_pods_are_ready()
    {
        var (code, _, stderr) = await _helm.InstallAsync("web", "clustersAffinity: [big]\n", "demo", "--wait");
        var (_, deployment) = await Client.GetAsync("/apis/apps/v1/namespaces/demo/deployments/web");

        Assert.True(code == 0, stderr);
        Assert.Equal(1, deployment["status"]!["readyReplicas"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(new[] { "upgrade", "--install", "web", "oci://x/web", "--bogus" }, "Error: unknown flag: --bogus\n")]
    [InlineData(new[] { "upgrade", "--install", "web" }, "Error: \"helm upgrade\" requires 2 arguments")]
    [InlineData(new[] { "upgrade", "--install", "web", "oci://x/web", "--values", "/nonexistent/values.yaml" }, "Error: open /nonexistent/values.yaml: no such file or directory\n")]
    [InlineData(new[] { "upgrade", "web", "oci://x/web" }, "Error: UPGRADE FAILED: \"web\" has no deployed releases\n")]
    [InlineData(new[] { "uninstall", "web", "--namespace", "demo" }, "Error: uninstall: Release not loaded: web: release: not found\n")]
    [InlineData(new[] { "upgrade", "--install", "web", "oci://x/web", "--namespace", "nowhere" }, "Error: create: failed to create: namespaces \"nowhere\" not found\n")]
    [InlineData(new[] { "upgrade", "--install", "web", "oci://x/web", "--timeout", "300" }, "Error: invalid argument \"300\" for \"--timeout\" flag: time: invalid duration \"300\"\n")]
    [InlineData(new[] { "upgrade", "--install", "Web_1", "oci://x/web" }, "Error: release name \"Web_1\": invalid release name")]
    [InlineData(new[] { "repo", "add", "charts", "https://charts.example" }, "Error: unknown command \"repo\" for \"helm\"\n")]
    [InlineData(new[] { "upgrade", "--install", "web", "file:///etc/charts/web" }, "Error: could not find protocol handler for: file\n")]
    [InlineData(new[] { "upgrade", "--install", "web", "oci://x/web; rm -rf /" }, "Error: invalid chart reference \"oci://x/web; rm -rf /\"")]
    [InlineData(new[] { "upgrade", "--install", "web", "oci://x/$(id)" }, "Error: invalid chart reference")]
    [InlineData(new[] { "upgrade", "--install", "web", "./charts/web" }, "Error: path \"./charts/web\" not found\n")]
    [InlineData(new[] { "upgrade", "--install", "web", "-chart" }, "Error: unknown shorthand flag: 'c' in -chart\n")]
    [InlineData(new[] { "status", "web", "--namespace", "demo", "--output", "json" }, "Error: release: not found\n")]
    public async Task Errors_exit_1_with_helm_like_stderr(string[] arguments, string expectedStart)
    {
        var (code, stdout, stderr) = await _helm.RunAsync([.. arguments, "--kubeconfig", _helm.Kubeconfig]);

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith(expectedStart, stderr);
    }

    [Fact]
    public async Task Flags_then_a_double_dash_then_the_release_and_chart_install_as_smo_sends_them()
    {
        var values = Path.Combine(Path.GetTempPath(), $"values-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(values, "clustersAffinity: [big]\nfullnameOverride: web\n");

        var (code, _, stderr) = await _helm.RunAsync("upgrade", "--install", "--values", values, "--namespace", "demo", "--create-namespace",
            "--description", "smo: graph shop, service web", "--kubeconfig", _helm.Kubeconfig, "--", "shop-web", "oci://127.0.0.1:5000/test/web");
        var (statusCode, status, _) = await _helm.RunAsync("status", "--namespace", "demo", "--output", "json", "--kubeconfig", _helm.Kubeconfig, "--", "shop-web");
        var (listCode, list, _) = await _helm.RunAsync("list", "--namespace", "demo", "--all", "--max", "0", "--output", "json",
            "--filter", "^(shop-web|shop-other)$", "--kubeconfig", _helm.Kubeconfig);
        var (deploymentStatus, deployment) = await Client.GetAsync("/apis/apps/v1/namespaces/demo/deployments/web");
        File.Delete(values);

        Assert.True(code == 0, stderr);
        Assert.Equal((0, 0, 200), (statusCode, listCode, deploymentStatus));
        var release = System.Text.Json.Nodes.JsonNode.Parse(status)!;
        Assert.Equal(("shop-web", "smo: graph shop, service web", "deployed"),
            (release["name"]!.GetValue<string>(), release["info"]!["description"]!.GetValue<string>(), release["info"]!["status"]!.GetValue<string>()));
        Assert.Equal(["shop-web"], System.Text.Json.Nodes.JsonNode.Parse(list)!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        // The chart names its Deployment from fullnameOverride, and marks it as the release's.
        Assert.Equal("shop-web", deployment["metadata"]!["annotations"]!["meta.helm.sh/release-name"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_a_double_dash_a_leading_dash_is_a_chart_helm_cannot_find_not_a_flag()
    {
        var (code, _, stderr) = await _helm.RunAsync("upgrade", "--install", "--kubeconfig", _helm.Kubeconfig, "--", "web", "-chart");

        Assert.Equal(1, code);
        Assert.Equal("Error: non-absolute URLs should be in form of repo_name/path_to_chart, got: -chart\n", stderr);
    }

    [Fact]
    public async Task A_release_over_another_releases_deployment_is_refused_naming_the_owner()
    {
        await _helm.InstallAsync("graph-a-web", "clustersAffinity: [big]\nfullnameOverride: web\n");

        var (code, _, stderr) = await _helm.InstallAsync("graph-b-web", "clustersAffinity: [small]\nfullnameOverride: web\n");
        var (_, deployment) = await Client.GetAsync("/apis/apps/v1/namespaces/demo/deployments/web");

        Assert.Equal(1, code);
        Assert.Contains("Deployment \"web\" in namespace \"demo\" exists and cannot be imported into the current release: invalid ownership metadata; "
            + "annotation validation error: key \"meta.helm.sh/release-name\" must equal \"graph-b-web\": current value is \"graph-a-web\"", stderr);
        Assert.Equal("big", deployment["metadata"]!["annotations"]!["simulator.smo.io/cluster"]!.GetValue<string>());
    }

    [Fact]
    public async Task Install_of_an_existing_release_with_helm_install_is_refused()
    {
        await _helm.InstallAsync("web", "clustersAffinity: [big]\n");

        var (code, _, stderr) = await _helm.RunAsync("install", "web", "oci://x/web", "--namespace", "demo", "--kubeconfig", _helm.Kubeconfig);

        Assert.Equal(1, code);
        Assert.Equal("Error: INSTALLATION FAILED: cannot re-use a name that is still in use\n", stderr);
    }

    [Fact]
    public async Task Install_over_a_deployment_helm_does_not_own_is_refused_and_leaves_it_alone()
    {
        await Client.PostAsync("/apis/apps/v1/namespaces/demo/deployments", new DeploymentBuilder("web").On("small").Json());

        var (code, _, stderr) = await _helm.InstallAsync("web", "clustersAffinity: [big]\n");
        var (_, deployment) = await Client.GetAsync("/apis/apps/v1/namespaces/demo/deployments/web");

        Assert.Equal(1, code);
        Assert.Contains("exists and cannot be imported into the current release", stderr);
        Assert.Equal("small", deployment["metadata"]!["annotations"]!["simulator.smo.io/cluster"]!.GetValue<string>());
    }

    [Fact]
    public async Task Values_that_are_not_yaml_are_an_error()
    {
        var (code, _, stderr) = await _helm.InstallAsync("web", "clustersAffinity: [big\n");

        Assert.Equal(1, code);
        Assert.StartsWith("Error: failed to parse values: ", stderr);
    }

    [Fact]
    public async Task Simulator_down_is_cluster_unreachable()
    {
        var port = Host.BaseAddress.Port;
        await Host.DisposeAsync();

        var (code, _, stderr) = await _helm.InstallAsync("web", "clustersAffinity: [big]\n");

        Assert.Equal(1, code);
        Assert.Equal($"Error: Kubernetes cluster unreachable: Get \"http://127.0.0.1:{port}/version\": dial tcp 127.0.0.1:{port}: connect: connection refused\n", stderr);
        Host = await SimulatorHost.StartAsync(TestScenarios.Manual());
    }

    [Fact]
    public async Task Injected_api_errors_reach_helm_as_an_error_with_the_status_message()
    {
        await Client.PostAsync("/sim/faults", """{"type":"apiError","status":500,"count":1}""");

        var (code, _, stderr) = await _helm.InstallAsync("web", "clustersAffinity: [big]\n");

        Assert.Equal(1, code);
        Assert.StartsWith("Error: Internal error occurred: fault 1 injected by the simulator", stderr);
    }
}
