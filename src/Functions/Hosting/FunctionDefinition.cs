using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Smo.Functions.Hosting;

/// <summary>One <c>[Function]</c>: its name, its method and its trigger attribute, checked to be something Smo's host can bind.</summary>
public sealed record FunctionDefinition(string Name, MethodInfo Method, Attribute Trigger)
{
    /// <summary>Namespace.Class.Method, as <c>functions.metadata</c> names it.</summary>
    public string EntryPoint => $"{Method.DeclaringType!.FullName}.{Method.Name}";

    /// <summary>The parameter that carries the trigger's payload (request, timer, context, activity input).</summary>
    public ParameterInfo TriggerParameter => Method.GetParameters().Single(p => p.GetCustomAttributes().Contains(Trigger));

    public static FunctionDefinition For(MethodInfo method)
    {
        var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
        var triggers = method.GetParameters()
            .SelectMany(p => p.GetCustomAttributes())
            .Where(a => a is HttpTriggerAttribute or TimerTriggerAttribute or OrchestrationTriggerAttribute or ActivityTriggerAttribute)
            .ToList();
        if (triggers.Count != 1)
        {
            throw new InvalidOperationException(
                $"Function '{name}' ({method.DeclaringType!.FullName}.{method.Name}) has {triggers.Count} triggers; Smo's host runs HTTP, timer, orchestration and activity functions with one trigger each.");
        }

        var function = new FunctionDefinition(name, method, triggers[0]);
        FunctionArguments.Check(function);
        return function;
    }
}
