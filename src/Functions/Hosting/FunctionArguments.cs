using System.Collections.Concurrent;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Smo.Functions.Hosting;

/// <summary>One call of a function under Smo's host: what its trigger carries, and where the rest comes from.</summary>
/// <param name="Services">The call's scope: the function's class and the durable client come from here.</param>
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

    private static readonly ConcurrentDictionary<Type, PropertyInfo> TaskResults = new();

    private static readonly Type[] RouteValueTypes = [typeof(string), typeof(int), typeof(long), typeof(Guid), typeof(bool)];

    /// <summary>
    /// Where each parameter's value comes from; throws, naming the function and the parameter, when Smo's host cannot
    /// supply a parameter or take the result.
    /// </summary>
    public static IReadOnlyList<Func<FunctionCall, object?>> Plan(FunctionDefinition function)
    {
        var returns = function.Method.ReturnType;
        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(ValueTask<>) || returns == typeof(ValueTask))
        {
            throw new InvalidOperationException($"Function '{function.Name}' returns a ValueTask; Smo's host awaits Task and Task<T>.");
        }

        if (function.Trigger is HttpTriggerAttribute && ResultType(function) is { } result && !typeof(IResult).IsAssignableFrom(result))
        {
            throw new InvalidOperationException($"HTTP function '{function.Name}' returns {result.Name}; Smo's host writes IResult responses (TypedResults).");
        }

        return function.Method.GetParameters().Select(parameter => Binder(function, parameter)).ToList();
    }

    /// <summary>Runs the function and returns what it returned (awaited), or null for Task and void.</summary>
    public static async Task<object?> InvokeAsync(FunctionDefinition function, FunctionCall call)
    {
        var method = function.Method;
        var target = method.IsStatic ? null : Factories.GetOrAdd(method.DeclaringType!, type => ActivatorUtilities.CreateFactory(type, Type.EmptyTypes))(call.Services, null);
        var arguments = function.Arguments.Select(bind => bind(call)).ToArray();
        var returned = method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, arguments, CultureInfo.InvariantCulture);
        if (returned is not Task task)
        {
            return returned;
        }

        await task;
        return method.ReturnType.IsGenericType
            ? TaskResults.GetOrAdd(method.ReturnType, type => type.GetProperty(nameof(Task<object>.Result))!).GetValue(task)
            : null;
    }

    /// <summary>What the function's result is once awaited; null when it returns nothing.</summary>
    public static Type? ResultType(FunctionDefinition function)
    {
        var returns = function.Method.ReturnType;
        return returns == typeof(void) || returns == typeof(Task) ? null
            : returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>) ? returns.GetGenericArguments()[0]
            : returns;
    }

    private static Func<FunctionCall, object?> Binder(FunctionDefinition function, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        // By position: reflection may hand two threads different ParameterInfo objects for the same parameter.
        if (parameter.Position == function.TriggerParameter.Position)
        {
            var expected = function.Trigger switch
            {
                HttpTriggerAttribute => typeof(HttpRequest),
                TimerTriggerAttribute => typeof(TimerInfo),
                OrchestrationTriggerAttribute => typeof(TaskOrchestrationContext),
                _ => type,
            };
            return type == expected ? call => call.Trigger : throw Unsupported(function, parameter, $"this trigger binds {expected.Name} under Smo's host.");
        }

        if (type == typeof(CancellationToken))
        {
            return call => call.CancellationToken;
        }

        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return type == typeof(DurableTaskClient)
                ? call => call.Services.GetRequiredService<DurableTaskClient>()
                : throw Unsupported(function, parameter, "[DurableClient] binds DurableTaskClient.");
        }

        var valueType = Nullable.GetUnderlyingType(type) ?? type;
        if (function.Trigger is HttpTriggerAttribute http && RouteParameters(http.Route).Contains(parameter.Name!) && RouteValueTypes.Contains(valueType))
        {
            var name = parameter.Name!;
            var converter = TypeDescriptor.GetConverter(valueType);
            return call => call.RouteValues?.GetValueOrDefault(name) is { } value ? Convert(name, valueType, converter, value) : null;
        }

        throw Unsupported(function, parameter,
            $"Smo's host supplies the trigger, [DurableClient], CancellationToken and route values (string, int, long, Guid, bool), not {type.Name}; inject services through the constructor.");
    }

    private static object? Convert(string name, Type type, TypeConverter converter, object value)
    {
        var text = System.Convert.ToString(value, CultureInfo.InvariantCulture)!;
        try
        {
            return converter.ConvertFromInvariantString(text);
        }
        catch (Exception invalid) when (invalid is FormatException or ArgumentException or NotSupportedException || invalid.InnerException is FormatException or OverflowException)
        {
            throw new RouteValueException(name, $"The route value '{name}' is not a valid {type.Name}.");
        }
    }

    private static InvalidOperationException Unsupported(FunctionDefinition function, ParameterInfo parameter, string reason) =>
        new($"Function '{function.Name}', parameter '{parameter.Name}': {reason}");

    /// <summary>The parameter names of a route template: <c>graphs/{name}/x/{id:int?}</c> → name, id.</summary>
    public static IReadOnlyList<string> RouteParameters(string? route) =>
        route is null ? [] : Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(route).Parameters.Select(p => p.Name).ToList();
}

/// <summary>A route value that does not convert to its parameter's type: the caller's error (400), not the function's.</summary>
public sealed class RouteValueException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}
