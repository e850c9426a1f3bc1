using static Smo.Hdag.Tests.Descriptors;

namespace Smo.Hdag.Tests;

/// <summary>A service's own <c>intent.highAvailability</c>, in the shape NEPHELE's resilience demo sketches.</summary>
public sealed class ServiceAvailabilityTests
{
    [Fact]
    public void Parse_reads_a_services_clusters_and_recovery_policy()
    {
        var graph = ParseValid(OneService("""
                  deployment:
                    trigger: { auto: {} }
                    intent:
                      compute: { cpu: small }
                      highAvailability: { enabled: True, replicasAcrossClusters: 3, recoveryPolicy: manual_trigger }
                  artifact: { ociImage: oci://r/web }
            """));

        Assert.Equal(new ServiceAvailability(true, 3, RecoveryPolicy.ManualTrigger), graph.Services[0].Intent.Availability);
    }

    [Theory]
    [InlineData("")]
    [InlineData("highAvailability:")]
    [InlineData("highAvailability: {}")]
    public void Parse_leaves_availability_to_the_graph_when_the_service_says_nothing(string block)
    {
        var graph = ParseValid(OneService($$"""
                  deployment:
                    trigger: { auto: {} }
                    intent:
                      compute: { cpu: small }
                      {{block}}
                  artifact: { ociImage: oci://r/web }
            """));

        Assert.Equal(ServiceAvailability.None, graph.Services[0].Intent.Availability);
    }

    [Theory]
    [InlineData("{ replicasAcrossClusters: 0 }", "replicasAcrossClusters", "integer 0")]
    [InlineData("{ replicasAcrossClusters: two }", "replicasAcrossClusters", "string 'two'")]
    [InlineData("{ recoveryPolicy: sometimes }", "recoveryPolicy", "'sometimes'")]
    [InlineData("{ enabled: maybe }", "enabled", "string 'maybe'")]
    public void Parse_refuses_a_block_that_cannot_be(string block, string field, string found)
    {
        var result = Parser.Parse(OneService($$"""
                  deployment:
                    trigger: { auto: {} }
                    intent:
                      compute: { cpu: small }
                      highAvailability: {{block}}
                  artifact: { ociImage: oci://r/web }
            """));

        Assert.Null(result.Graph);
        var error = Assert.Single(result.Errors);
        Assert.Equal($"hdaGraph.services[0].deployment.intent.highAvailability.{field}", error.Path);
        Assert.Equal(found, error.Found);
    }
}
