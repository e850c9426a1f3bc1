using Smo.Functions.Telemetry;

namespace Smo.Functions.Tests.Telemetry;

/// <summary>Graph names are user input: the <c>graph</c> label takes a bounded number of validated names, and one shared value after them.</summary>
public sealed class GraphLabelsTests
{
    [Fact]
    public void Of_admits_graph_names_up_to_the_bound_then_answers_other()
    {
        var labels = new GraphLabels(new MetricsOptions { MaxGraphLabels = 2 });

        var values = new[] { "shop", "video", "music" }.Select(labels.Of).ToList();

        Assert.Equal(["shop", "video", LabelValues.Other], values);
        Assert.Equal(2, labels.Count);
    }

    [Fact]
    public void Of_keeps_an_admitted_name_after_the_bound_is_reached()
    {
        var labels = new GraphLabels(new MetricsOptions { MaxGraphLabels = 1 });
        labels.Of("shop");
        labels.Of("video");

        var again = labels.Of("shop");

        Assert.Equal("shop", again);
    }

    [Theory]
    [InlineData("Shop")]
    [InlineData("shop\"} 1\nsmo_forged_total{a=\"")]
    [InlineData("-shop")]
    [InlineData("shop_demo")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789g123")]
    public void Of_answers_other_for_what_no_graph_can_be_named_without_spending_a_slot(string? name)
    {
        var labels = new GraphLabels(new MetricsOptions { MaxGraphLabels = 1 });

        var value = labels.Of(name);

        Assert.Equal(LabelValues.Other, value);
        Assert.Equal("shop", labels.Of("shop"));
    }

    [Fact]
    public void Of_answers_other_for_every_graph_when_the_bound_is_zero()
    {
        var labels = new GraphLabels(new MetricsOptions { MaxGraphLabels = 0 });

        var value = labels.Of("shop");

        Assert.Equal(LabelValues.Other, value);
    }

    [Theory]
    [InlineData("member1", "member1")]
    [InlineData("edge.paris-1", "edge.paris-1")]
    [InlineData("Member1", LabelValues.Other)]
    [InlineData("member 1", LabelValues.Other)]
    public void Cluster_keeps_only_names_karmada_can_have(string name, string expected)
    {
        var value = LabelValues.Cluster(name);

        Assert.Equal(expected, value);
    }
}
