using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Smo.Functions.Hosting;

/// <summary>
/// One <c>[Function]</c>: its name, its method, its trigger attribute and the parameter that carries the trigger's
/// payload (request, timer, context, activity input), checked to be something Smo's host can bind.
/// </summary>
public sealed record FunctionDefinition(string Name, MethodInfo Method, Attribute Trigger, ParameterInfo TriggerParameter)
{
    /// <summary>Namespace.Class.Method, as <c>functions.metadata</c> names it.</summary>
    public string EntryPoint => $"{Method.DeclaringType!.FullName}.{Method.Name}";

    /// <summary>Where each parameter's value comes from, decided once here rather than by reflection on every call.</summary>
    internal IReadOnlyList<Func<FunctionCall, object?>> Arguments { get; private init; } = [];

    public static FunctionDefinition For(MethodInfo method)
    {
        var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
        var triggers = method.GetParameters()
            .SelectMany(p => p.GetCustomAttributes().Select(attribute => (Parameter: p, Attribute: attribute)))
            .Where(t => t.Attribute is HttpTriggerAttribute or TimerTriggerAttribute or OrchestrationTriggerAttribute or ActivityTriggerAttribute)
            .ToList();
        if (triggers.Count != 1)
        {
            throw new InvalidOperationException(
                $"Function '{name}' ({method.DeclaringType!.FullName}.{method.Name}) has {triggers.Count} triggers; Smo's host runs HTTP, timer, orchestration and activity functions with one trigger each.");
        }

        var function = new FunctionDefinition(name, method, triggers[0].Attribute, triggers[0].Parameter);
        return function with { Arguments = FunctionArguments.Plan(function) };
    }
}
