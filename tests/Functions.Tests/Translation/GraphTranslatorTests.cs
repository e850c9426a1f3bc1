using Smo.Functions.Durable;
using Smo.Functions.Graphs;
using Smo.Functions.Graphs.Translation;
using Smo.Functions.Placement;
using Smo.Hdag.Translation;
using Smo.Orchestrations.Graphs;
using Smo.Store.Graphs;

namespace Smo.Functions.Tests.Translation;

public sealed class GraphTranslatorTests
{
    private static readonly GraphDefaults Defaults = new() { ScalingInterval = TimeSpan.FromSeconds(30), Alpha = 7, MaxReplicas = 9 };

    [Fact]
    public void Services_get_translated_resources_their_values_rules_and_capacity_model()
    {
        var parsed = ShopDemo.Parse();

        var graph = new GraphTranslator(Defaults, new IntentTranslator()).Translate(parsed.Graph!, parsed.Descriptor!.Value, "shop", "graph:shop-demo");

        Assert.Equal("shop-demo", graph.Name);
        Assert.Equal("shop", graph.Project);
        Assert.Equal("graph:shop-demo", graph.OrchestrationInstanceId);
        Assert.All(graph.Services, s => Assert.Equal(ServiceStatus.Pending, s.Status));
        var web = graph.Services.Single(s => s.Name == "shop-web");
        // light: 0.5 cores, 500 MiB; storage small: 10 GB.
        Assert.Equal(new ServiceResources(0.5, 500 / 1024.0, 10, false), web.Resources);
        Assert.Equal(new ScalingParameters(20, 0, 1, 8), web.Scaling);
        Assert.False(web.Conditional);
        var checker = graph.Services.Single(s => s.Name == "image-check");
        Assert.True(checker.Conditional);
        Assert.True(checker.Resources.Gpu);
        Assert.Equal("shop-web-busy", Assert.Single(checker.AlertRules).EventId);
        Assert.Equal("5s", checker.AlertRules[0].For);
        // No scaling in the descriptor: the defaults' α and ceiling.
        Assert.Equal(new ScalingParameters(7, 0, 1, 9), checker.Scaling);
        Assert.Equal("WOT", graph.Services.Single(s => s.Name == "shop-catalogue").Artifact.Implementer);
    }

    [Fact]
    public void The_descriptor_sets_the_interval_and_the_defaults_fill_the_strategies()
    {
        var parsed = ShopDemo.Parse();

        var graph = new GraphTranslator(Defaults, new IntentTranslator()).Translate(parsed.Graph!, parsed.Descriptor!.Value, "shop", "graph:shop-demo");

        Assert.Equal(TimeSpan.FromSeconds(5), graph.Strategies.ScalingInterval);
        Assert.Equal("smo-milp", graph.Strategies.PlacementStrategy);
        Assert.Empty(graph.Strategies.Weights);
    }
}
