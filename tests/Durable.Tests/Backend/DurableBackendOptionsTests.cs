using Smo.Durable.Hosting;

namespace Smo.Durable.Tests.Backend;

/// <summary>Settings that would open the backend to callers it cannot tell apart are refused at start, saying why.</summary>
public sealed class DurableBackendOptionsTests
{
    [Theory]
    [InlineData("0.0.0.0:4001")]
    [InlineData("10.1.2.3:4001")]
    [InlineData("127.0.0.1")]
    [InlineData("not an address")]
    public void A_grpc_endpoint_off_loopback_or_without_a_port_is_refused(string endpoint)
    {
        var options = new DurableBackendOptions { ConnectionString = "Host=x", HubName = "smo", GrpcEndpoint = endpoint };

        var refused = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("loopback", refused.Message, StringComparison.Ordinal);
        Assert.Contains("no authentication", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loopback_grpc_endpoint_is_accepted()
    {
        var options = new DurableBackendOptions { ConnectionString = "Host=x", HubName = "smo", GrpcEndpoint = "127.0.0.1:4001" };

        options.Validate();

        Assert.Equal("127.0.0.1:4001", options.GrpcEndpoint);
    }

    [Fact]
    public void The_external_callers_hub_may_not_be_the_hosts_own()
    {
        var options = new DurableBackendOptions { ConnectionString = "Host=x", HubName = "shared", ExternalHubName = "shared" };

        var refused = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("must differ from the host's own hub 'shared'", refused.Message, StringComparison.Ordinal);
    }
}
