using System.Reflection;
using Microsoft.DurableTask;
using Smo.Durable.Dispatch;
using Smo.Functions.Hosting;

namespace Smo.Functions.Durable;

/// <summary>
/// The <c>[OrchestrationTrigger]</c> and <c>[ActivityTrigger]</c> functions, registered with the Durable Task SDK
/// under their function names, as the Durable Functions extension registers them: what the Functions host runs
/// through its extension, Smo's host runs on its own backend.
/// </summary>
public static class DurableFunctions
{
    public static DurableTaskRegistry AddFunctions(this DurableTaskRegistry registry, FunctionCatalog catalog)
    {
        foreach (var function in catalog.Orchestrators)
        {
            var orchestrator = new FunctionOrchestrator(function);
            registry.AddOrchestrator(function.Name, () => orchestrator);
        }

        foreach (var function in catalog.Activities)
        {
            registry.AddActivity(function.Name, services => new FunctionActivity(function, services));
        }

        return registry;
    }

    /// <summary>
    /// Runs an orchestrator function, its input decoded as its <see cref="OrchestrationInputAttribute"/> says. Static or
    /// not, it gets no services: replay forbids them.
    /// </summary>
    private sealed class FunctionOrchestrator(FunctionDefinition function) : ITaskOrchestrator
    {
        public Type InputType { get; } = function.Method.GetCustomAttribute<OrchestrationInputAttribute>()?.Type ?? typeof(object);

        public Type OutputType => FunctionArguments.ResultType(function) ?? typeof(object);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
            FunctionArguments.InvokeAsync(function, new FunctionCall(EmptyServices.Instance, context, CancellationToken.None));
    }

    /// <summary>Runs an activity function in the worker's scope; its token is cancelled when the run's lease is lost.</summary>
    private sealed class FunctionActivity(FunctionDefinition function, IServiceProvider services) : ITaskActivity
    {
        public Type InputType => function.TriggerParameter.ParameterType;

        public Type OutputType => FunctionArguments.ResultType(function) ?? typeof(object);

        public Task<object?> RunAsync(TaskActivityContext context, object? input) =>
            FunctionArguments.InvokeAsync(function, new FunctionCall(services, input, services.GetService<ActivityCancellation>()?.Token ?? CancellationToken.None));
    }

    /// <summary>No services: an orchestrator that asks for one fails at its first run, not at a replay months later.</summary>
    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
