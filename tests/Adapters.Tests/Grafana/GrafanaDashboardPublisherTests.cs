using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Smo.Adapters.Grafana;
using Smo.Adapters.Storage;
using Smo.Adapters.Tests.Infrastructure;

namespace Smo.Adapters.Tests.Grafana;

/// <summary>Publishing to a Grafana stand-in; the archive goes to the real Azurite.</summary>
public sealed class GrafanaDashboardPublisherTests : IAsyncLifetime
{
    private readonly string _graph = $"g-{Guid.NewGuid():N}"[..12];
    private FakeGrafana _grafana = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _grafana = await FakeGrafana.StartAsync();
        _services = Services(FakeGrafana.Password);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _grafana.DisposeAsync();
    }

    private ServiceProvider Services(string password) => AdapterServices.Build(AdapterServices.Settings(
        ("Smo:Grafana:BaseUrl", _grafana.BaseUrl.ToString()),
        ("Smo:Grafana:Username", FakeGrafana.User),
        ("Smo:Grafana:Password", password),
        ("Smo:BlobStorage:ConnectionString", LocalServices.BlobConnectionString),
        ("Smo:BlobStorage:DashboardContainer", "adapters-tests-dashboards")), AdapterServices.FastResilience("Smo:Grafana"));

    private DashboardTemplates Templates => _services.GetRequiredService<DashboardTemplates>();

    private IDashboardPublisher Publisher => _services.GetRequiredService<IDashboardPublisher>();

    [Fact]
    public async Task PublishAsync_returns_the_dashboard_url_and_archives_the_model_as_a_blob()
    {
        var dashboard = Templates.Service("demo", _graph, "noise-reduction");

        var published = await Publisher.PublishAsync(dashboard);

        Assert.Equal(new Uri(_grafana.BaseUrl, $"d/{dashboard.Uid}/{_graph}--noise-reduction"), published.Url);
        Assert.Equal(1, published.Version);
        var blobs = _services.GetRequiredService<IBlobDocuments>();
        var archived = await blobs.GetAsync(_services.GetRequiredService<IOptions<BlobStorageOptions>>().Value.DashboardContainer, $"{dashboard.Uid}.json");
        Assert.Equal(dashboard.Model.ToJsonString(), archived!.Content.ToString());
    }

    [Fact]
    public async Task PublishAsync_again_replaces_smo_s_own_dashboard()
    {
        var dashboard = Templates.Graph("demo", _graph, ["a", "b"]);
        await Publisher.PublishAsync(dashboard);

        var again = await Publisher.PublishAsync(dashboard);

        Assert.Equal(2, again.Version);
        Assert.Single(_grafana.Dashboards);
    }

    [Fact]
    public async Task A_same_titled_dashboard_of_someone_else_is_a_conflict_with_grafanas_reason()
    {
        var dashboard = Templates.Cluster($"cluster-{_graph}");
        _grafana.Dashboards["someone-else"] = new System.Text.Json.Nodes.JsonObject { ["uid"] = "someone-else", ["title"] = dashboard.Title, ["version"] = 1 };

        var failure = await Assert.ThrowsAsync<AdapterException>(() => Publisher.PublishAsync(dashboard));

        Assert.Equal(AdapterFailure.Conflict, failure.Failure);
        Assert.Contains("HTTP 412", failure.Message);
        Assert.Contains("name-exists: A dashboard with the same name in the folder already exists", failure.Message);
    }

    [Fact]
    public async Task Wrong_credentials_are_rejected_without_echoing_the_password()
    {
        await using var services = Services("wrong-password");

        var failure = await Assert.ThrowsAsync<AdapterException>(() =>
            services.GetRequiredService<IDashboardPublisher>().PublishAsync(Templates.Service("demo", _graph, "a")));

        Assert.Equal(AdapterFailure.Rejected, failure.Failure);
        Assert.Contains("HTTP 401", failure.Message);
        Assert.DoesNotContain("wrong-password", failure.ToString());
    }

    [Fact]
    public async Task DeleteAsync_deletes_a_published_dashboard()
    {
        var dashboard = Templates.Service("demo", _graph, "noise-reduction");
        await Publisher.PublishAsync(dashboard);

        var deleted = await Publisher.DeleteAsync(dashboard.Uid);

        Assert.True(deleted);
        Assert.False(_grafana.Dashboards.ContainsKey(dashboard.Uid));
        Assert.Equal([dashboard.Uid], _grafana.Deleted);
    }

    [Fact]
    public async Task DeleteAsync_of_a_dashboard_grafana_does_not_have_succeeds_as_already_gone()
    {
        var dashboard = Templates.Graph("demo", _graph, ["a"]);
        await Publisher.PublishAsync(dashboard);
        await Publisher.DeleteAsync(dashboard.Uid);

        var again = await Publisher.DeleteAsync(dashboard.Uid);

        Assert.False(again);
        Assert.Single(_grafana.Deleted);
    }

    [Fact]
    public async Task DeleteAsync_with_wrong_credentials_is_rejected_and_the_dashboard_stays()
    {
        var dashboard = Templates.Service("demo", _graph, "a");
        await Publisher.PublishAsync(dashboard);
        await using var services = Services("wrong-password");

        var failure = await Assert.ThrowsAsync<AdapterException>(() => services.GetRequiredService<IDashboardPublisher>().DeleteAsync(dashboard.Uid));

        Assert.Equal(AdapterFailure.Rejected, failure.Failure);
        Assert.Equal(401, failure.HttpStatus);
        Assert.True(_grafana.Dashboards.ContainsKey(dashboard.Uid));
        Assert.DoesNotContain("wrong-password", failure.ToString());
    }

    [Theory]
    [InlineData("../../api/admin/users")]
    [InlineData("smo-s-a?x=1")]
    [InlineData("")]
    [InlineData("a-uid-that-is-much-longer-than-the-forty-characters-grafana-allows")]
    public async Task DeleteAsync_refuses_what_is_not_a_dashboard_uid_before_asking_grafana(string uid)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Publisher.DeleteAsync(uid));

        Assert.Empty(_grafana.Authorizations);
    }

    [Fact]
    public async Task A_failures_summary_names_the_call_and_status_without_what_grafana_said()
    {
        _grafana.Unavailable = true;

        var failure = await Assert.ThrowsAsync<AdapterException>(() => Publisher.DeleteAsync(Templates.Cluster("member1").Uid));

        Assert.Contains(FakeGrafana.UnavailableBody, failure.Message);
        Assert.Equal($"Grafana: delete dashboard {Templates.Cluster("member1").Uid} failed (Unavailable, HTTP 503)", failure.Summary);
    }
}
