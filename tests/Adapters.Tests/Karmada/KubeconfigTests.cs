using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Smo.Adapters.Karmada;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Karmada;

public sealed class KubeconfigTests : IAsyncLifetime
{
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"smo-kubeconfig-{Guid.NewGuid():N}");
    private SimulatedKarmada _karmada = null!;

    public async Task InitializeAsync()
    {
        _karmada = await SimulatedKarmada.StartAsync(new FederationScenario().Cluster("member1"));
        // The current context points nowhere; only the named one reaches the API server.
        await File.WriteAllTextAsync(_kubeconfig, $"""
            apiVersion: v1
            kind: Config
            current-context: elsewhere
            clusters:
            - name: karmada
              cluster: {"{"}server: "{_karmada.BaseUrl.ToString().TrimEnd('/')}"{"}"}
            - name: nowhere
              cluster: {"{"}server: "http://127.0.0.1:9"{"}"}
            users:
            - name: admin
              user: {"{"}token: "token-for-tests"{"}"}
            contexts:
            - name: karmada-apiserver
              context: {"{"}cluster: karmada, user: admin{"}"}
            - name: elsewhere
              context: {"{"}cluster: nowhere, user: admin{"}"}
            """);
    }

    public async Task DisposeAsync()
    {
        File.Delete(_kubeconfig);
        await _karmada.DisposeAsync();
    }

    [Fact]
    public async Task The_configured_context_of_the_kubeconfig_is_used()
    {
        await using var services = AdapterServices.Build(AdapterServices.Settings(
            ("Smo:Karmada:KubeconfigPath", _kubeconfig), ("Smo:Karmada:Context", "karmada-apiserver")));

        var clusters = await services.GetRequiredService<IClusterInventory>().ListAsync();

        Assert.Equal("member1", Assert.Single(clusters).Name);
    }

    [Fact]
    public async Task An_unknown_context_is_reported_with_the_kubeconfig_path()
    {
        await using var services = AdapterServices.Build(AdapterServices.Settings(
            ("Smo:Karmada:KubeconfigPath", _kubeconfig), ("Smo:Karmada:Context", "no-such-context")));

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IClusterInventory>().ListAsync());

        Assert.Equal(AdapterFailure.Rejected, failure.Failure);
        Assert.Contains(_kubeconfig, failure.Message);
        Assert.Contains("no-such-context", failure.Message);
    }

    [Fact]
    public void Options_without_a_kubeconfig_or_host_fail_validation_naming_the_section()
    {
        using var services = AdapterServices.Build();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KarmadaOptions>>().Value);

        Assert.Contains("Smo:Karmada needs KubeconfigPath or Host", failure.Message);
    }
}
