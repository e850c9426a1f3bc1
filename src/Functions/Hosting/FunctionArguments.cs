using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Smo.Functions.Hosting;

/// <summary>One call of a function under Smo's host: what its trigger carries, and where the rest comes from.</summary>
/// <param name="Services">The invocation's scope: the function's class and the durable client come from here.</param>
/// <param name="Trigger">The request, the timer, the orchestration context or the activity's input.</param>
/// <param name="RouteValues">An HTTP function's route values, bound to parameters of the same name.</param>
public sealed record FunctionCall(IServiceProvider Services, object? Trigger, CancellationToken CancellationToken, RouteValueDictionary? RouteValues = null);

/// <summary>
/// The bindings Smo's host supplies, as the isolated worker does: the trigger's value, <c>[DurableClient]</c>
/// (Smo's client on its PostgreSQL backend), a <see cref="CancellationToken"/>, and for HTTP functions the route
/// values by parameter name. The class is created per invocation with constructor injection, as the worker does.
/// What the worker binds besides these (<c>FunctionContext</c>, input and output bindings) is refused at start.
/// </summary>
public static class FunctionArguments
{
    private static readonly ConcurrentDictionary<Type, ObjectFactory> Factories = new();

    private static readonly Type[] RouteValueTypes = [typeof(string), typeof(int), typeof(long), typeof(Guid), typeof(bool)];

    /// <summary>Throws, naming the function and the parameter, when Smo's host cannot supply a parameter or take the result.</summary>
    public static void Check(FunctionDefinition function)
    {
        foreach (var parameter in function.Method.GetParameters())
        {
            if (Unsupported(function, parameter) is { } reason)
            {
                throw new InvalidOperationException($"Function '{function.Name}', parameter '{parameter.Name}': {reason}");
            }
        }

        var returns = function.Method.ReturnType;
        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(ValueTask<>) || returns == typeof(ValueTask))
        {
            throw new InvalidOperationException($"Function '{function.Name}' returns a ValueTask; Smo's host awaits Task and Task<T>.");
        }

        if (function.Trigger is HttpTriggerAttribute && ResultType(function) is { } result && result != typeof(void) && !typeof(IResult).IsAssignableFrom(result))
        {
            throw new InvalidOperationException($"HTTP function '{function.Name}' returns {result.Name}; Smo's host writes IResult responses (TypedResults).");
        }
    }

    /// <summary>Runs the function and returns what it returned (awaited), or null for Task and void.</summary>
    public static async Task<object?> InvokeAsync(FunctionDefinition function, FunctionCall invocation)
    {
        var method = function.Method;
        var target = method.IsStatic ? null : Factories.GetOrAdd(method.DeclaringType!, type => ActivatorUtilities.CreateFactory(type, Type.EmptyTypes))(invocation.Services, null);
        var arguments = method.GetParameters().Select(p => Bind(function, p, invocation)).ToArray();
        var returned = method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, arguments, CultureInfo.InvariantCulture);
        if (returned is not Task task)
        {
            return returned;
        }

        await task;
        return method.ReturnType.IsGenericType ? method.ReturnType.GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
    }

    /// <summary>What the function's result is once awaited; null when it returns nothing.</summary>
    public static Type? ResultType(FunctionDefinition function)
    {
        var returns = function.Method.ReturnType;
        return returns == typeof(void) || returns == typeof(Task) ? null
            : returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>) ? returns.GetGenericArguments()[0]
            : returns;
    }

    private static object? Bind(FunctionDefinition function, ParameterInfo parameter, FunctionCall invocation)
    {
        if (parameter.GetCustomAttributes().Contains(function.Trigger))
        {
            return invocation.Trigger;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return invocation.CancellationToken;
        }

        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return invocation.Services.GetRequiredService<DurableTaskClient>();
        }

        var value = invocation.RouteValues?.GetValueOrDefault(parameter.Name!);
        return value is null ? null
            : parameter.ParameterType == typeof(string) ? Convert.ToString(value, CultureInfo.InvariantCulture)
            : TypeConverterFor(parameter).ConvertFromInvariantString(Convert.ToString(value, CultureInfo.InvariantCulture)!);
    }

    private static System.ComponentModel.TypeConverter TypeConverterFor(ParameterInfo parameter) =>
        System.ComponentModel.TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType);

    private static string? Unsupported(FunctionDefinition function, ParameterInfo parameter)
    {
        if (parameter.GetCustomAttributes().Contains(function.Trigger))
        {
            return (function.Trigger, parameter.ParameterType) switch
            {
                (HttpTriggerAttribute, var type) when type != typeof(HttpRequest) => "an HTTP trigger binds HttpRequest (ASP.NET Core integration) under Smo's host.",
                (TimerTriggerAttribute, var type) when type != typeof(TimerInfo) => "a timer trigger binds TimerInfo.",
                (OrchestrationTriggerAttribute, var type) when type != typeof(TaskOrchestrationContext) => "an orchestration trigger binds TaskOrchestrationContext.",
                _ => null,
            };
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return null;
        }

        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return parameter.ParameterType == typeof(DurableTaskClient) ? null : "[DurableClient] binds DurableTaskClient.";
        }

        if (function.Trigger is HttpTriggerAttribute http && RouteParameters(http.Route).Contains(parameter.Name!)
            && RouteValueTypes.Contains(Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType))
        {
            return null;
        }

        return $"Smo's host supplies the trigger, [DurableClient], CancellationToken and route values (string, int, long, Guid, bool), not {parameter.ParameterType.Name}; inject services through the constructor.";
    }

    /// <summary>The parameter names of a route template: <c>graphs/{name}/x/{id:int?}</c> → name, id.</summary>
    public static IReadOnlyList<string> RouteParameters(string? route) =>
        route is null ? [] : Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(route).Parameters.Select(p => p.Name).ToList();
}
