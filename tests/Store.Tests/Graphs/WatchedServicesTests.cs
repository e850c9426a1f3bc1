using Smo.Store.Graphs;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Graphs;

public sealed class WatchedServicesTests : StoreTest
{
    [Fact]
    public async Task ListWatchedServicesAsync_returns_the_installed_placed_services_of_running_graphs_only()
    {
        var own = new ScalingParameters(5, 1, 1, 4);
        await CreateGraphAsync(Graph("running").WithStatus(GraphStatus.Running).Placing("web", "member1").Placing("db", "member1").Placing("idle", "member2")
            .With(Service("web", ServiceStatus.Deployed) with { DesiredReplicas = 3, Scaling = own })
            .With(Service("db", ServiceStatus.Deployed))
            .With(Service("idle", ServiceStatus.Pending))
            .With(Service("static", ServiceStatus.Deployed)));
        await CreateGraphAsync(Graph("stopped").WithStatus(GraphStatus.Stopped).Placing("api", "member1")
            .With(Service("api", ServiceStatus.Deployed)));

        var watched = await Graphs.ListWatchedServicesAsync();

        Assert.Equal(
            [new WatchedService("running", "demo", "db", 1, null, "smo-milp"), new WatchedService("running", "demo", "web", 3, own, "smo-milp")],
            watched.OrderBy(s => s.Name, StringComparer.Ordinal));
    }
}
