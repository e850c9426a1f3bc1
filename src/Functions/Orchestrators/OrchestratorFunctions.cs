using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Smo.Functions.Hosting;
using Smo.Orchestrations.Graphs;
using Smo.Orchestrations.Samples;

namespace Smo.Functions.Orchestrators;

/// <summary>
/// The orchestrators of <c>Smo.Orchestrations</c> as orchestration-trigger functions, as the SDK's source generator
/// would write them (it is not served here): each runs the class with its input. The classes hold the logic, and
/// stay where nothing but the SDK's abstractions can reach them.
/// </summary>
public static class OrchestratorFunctions
{
    [Function(GraphOrchestrator.Name), OrchestrationInput(typeof(GraphLifecycle))]
    public static Task<string> RunGraphLifecycle([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new GraphOrchestrator().RunAsync(context, context.GetInput<GraphLifecycle>()
            ?? throw new InvalidOperationException($"The orchestration {context.InstanceId} was started without its {nameof(GraphLifecycle)}."));

    [Function(HelloCities.Name), OrchestrationInput(typeof(IReadOnlyList<string>))]
    public static Task<IReadOnlyList<string>> RunHelloCities([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new HelloCities().RunAsync(context, context.GetInput<IReadOnlyList<string>?>());
}
