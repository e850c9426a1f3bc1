using System.Text.Json.Nodes;
using Smo.Simulator.Kubernetes;
using Smo.Simulator.Tests.Infrastructure;

namespace Smo.Simulator.Tests.Kubernetes;

public sealed class ObjectStoredTests : SimulatorTest
{
    private const string Rule = "/apis/monitoring.coreos.com/v1/namespaces/monitoring/prometheusrules/kube-prometheus-stack-0";

    [Fact]
    public async Task ObjectStored_tells_of_an_api_write_with_the_stored_object()
    {
        var stored = new List<JsonObject>();
        Host.Simulation.ObjectStored += (type, item) =>
        {
            if (type == ResourceCatalog.PrometheusRules)
            {
                stored.Add(item);
            }
        };
        var (_, read) = await Client.GetAsync(Rule);

        var (_, replaced) = await Client.PutAsync(Rule, read.ToJsonString());

        var told = Assert.Single(stored);
        Assert.Equal(replaced["metadata"]!["resourceVersion"]!.GetValue<string>(), told["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task ObjectStored_handlers_survive_a_reset()
    {
        var rules = 0;
        Host.Simulation.ObjectStored += (type, _) => rules += type == ResourceCatalog.PrometheusRules ? 1 : 0;
        Host.Simulation.Reset();
        var (_, read) = await Client.GetAsync(Rule);

        await Client.PutAsync(Rule, read.ToJsonString());

        // The rule the reset seeds again, then the replace.
        Assert.Equal(2, rules);
    }
}
