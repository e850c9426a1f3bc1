using Smo.Durable;
using Smo.Orchestrations.Samples;

namespace Smo.Orchestrations;

/// <summary>Every orchestrator and activity the Smo host runs, registered in one place.</summary>
public static class OrchestrationCatalog
{
    public static DurableTaskRegistry AddSmoOrchestrations(this DurableTaskRegistry registry) => registry
        .AddOrchestrator<HelloCities>()
        .AddActivity<SayHello>();
}
