using System.Text.Json;
using Smo.Store.Graphs;
using Smo.Store.Tests.Infrastructure;
using static Smo.Store.Tests.Infrastructure.GraphBuilder;

namespace Smo.Store.Tests.Graphs;

public sealed class InvalidGraphTests : StoreTest
{
    private static readonly GraphStrategies Strategies = new("smo-milp", "smo-milp", new Dictionary<string, double>(), TimeSpan.FromSeconds(30));

    public static TheoryData<NewGraph, string> InvalidGraphs => new()
    {
        { Graph("Brussels Demo").Build(), "The graph name 'Brussels Demo' is not a valid name" },
        { Graph(new string('g', 64)).Build(), "is not a valid name" },
        { Graph().InProject("Team_A").Build(), "the project 'Team_A'" },
        { Graph().Build() with { Descriptor = JsonSerializer.SerializeToElement("just text") }, "descriptor must be a JSON object" },
        { Graph().Build() with { Services = [] }, "has no services" },
        { Graph().WithServices("a", "a").Build(), "service 'a' more than once" },
        { Graph().With(Service("Bad.Name")).Build(), "the service name 'Bad.Name'" },
        { Graph().With(Service("a") with { Resources = new ServiceResources(-1, 1, 1) }).Build(), "CPU (cores) is -1" },
        { Graph().With(Service("a") with { Resources = new ServiceResources(1, double.NaN, 1) }).Build(), "memory (GiB) is NaN" },
        { Graph().With(Service("a") with { Artifact = new ServiceArtifact(" ") }).Build(), "artifact reference" },
        { Graph().With(Service("a") with { Scaling = new ScalingParameters(0, 1, 1, 3) }).Build(), "scaling alpha" },
        { Graph().With(Service("a") with { Scaling = new ScalingParameters(1, 1, 4, 3) }).Build(), "scaling bounds 4..3" },
        { Graph().With(Service("a") with { DesiredReplicas = -1 }).Build(), "desired replicas is -1" },
        { Graph().With(Service("a") with { HelmValues = JsonSerializer.SerializeToElement(new[] { 1 }) }).Build(), "Helm values must be a JSON object" },
        { Graph().With(Service("a") with { AlertRules = [new("e", "up == 0", "1m"), new("e", "up == 1", "1m")] }).Build(), "alert rule 'e' appears more than once" },
        { Graph().With(Service("a") with { AlertRules = [new("e", "", "1m")] }).Build(), "expression of alert rule 'e'" },
        { Graph().With(Service("a") with { Status = (ServiceStatus)42 }).Build(), "is not a ServiceStatus" },
        { Graph().WithServices("a").Placing("ghost", "edge-a").Build(), "names service 'ghost', which the graph does not have" },
        { Graph().WithServices("a").Placing("a", "Edge A").Build(), "the cluster of service 'a'" },
        { Graph().WithStrategies(Strategies with { PlacementStrategy = "" }).Build(), "placement strategy" },
        { Graph().WithStrategies(Strategies with { ScalingInterval = TimeSpan.Zero }).Build(), "scaling interval" },
        { Graph().WithStrategies(Strategies with { Weights = new Dictionary<string, double> { ["cost"] = -1 } }).Build(), "weight of 'cost'" },
        { Graph().WithStatus(GraphStatus.Failed).Build(), "cannot be created Failed" },
    };

    [Theory]
    [MemberData(nameof(InvalidGraphs))]
    public async Task TryCreateAsync_rejects_bad_input_with_a_clear_message_and_stores_nothing(NewGraph graph, string expected)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Graphs.TryCreateAsync(graph));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("graph", error.ParamName);
        Assert.Equal(0, await CountAsync("graphs"));
    }

    [Fact]
    public async Task Writes_reject_bad_input_before_touching_the_database()
    {
        // No schema: any SQL would fail with a PostgresException, not an ArgumentException.
        var unmigrated = new GraphStore(new StoreContext(TestDatabase.DataSource, TestDatabase.NewSchemaName()));

        await Assert.ThrowsAsync<ArgumentException>(() => unmigrated.TryCreateAsync(Graph().With(Service("a") with { Resources = new ServiceResources(-2, 1, 1) }).Build()));
        await Assert.ThrowsAsync<ArgumentException>(() => unmigrated.UpdateStatusAsync("g", [], GraphStatus.Running));
        await Assert.ThrowsAsync<ArgumentException>(() => unmigrated.SetPlacementAsync("g", new Dictionary<string, string> { ["a"] = "NOT VALID" }, 1));
        await Assert.ThrowsAsync<ArgumentException>(() => unmigrated.UpdateServiceAsync("g", "a", new ServiceUpdate()));
        await Assert.ThrowsAsync<ArgumentException>(() => unmigrated.SetDesiredReplicasAsync("g", new Dictionary<string, int> { ["a"] = -1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => unmigrated.ListByProjectAsync("Bad Project"));
        await Assert.ThrowsAsync<ArgumentException>(() => unmigrated.DeleteAsync(""));
    }
}
