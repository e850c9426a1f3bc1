using System.Collections.Concurrent;
using Smo.Functions.Graphs;

namespace Smo.Functions.Hosting;

/// <summary>
/// The settings a function still needs. Function classes take their services through their constructors, and some
/// services exist only when a setting brings them (the store on its connection string, NFVCL on its URL). A function
/// whose class cannot be built yet answers 503 naming those settings (a timer does not fire), under either host,
/// instead of every handler looking its services up and checking.
/// </summary>
public sealed class FunctionRequirements(IServiceProviderIsService container)
{
    private readonly ConcurrentDictionary<Type, IReadOnlyList<string>> _missing = new();

    /// <summary>The settings to set before the function can run, in order; empty when it can run now.</summary>
    public IReadOnlyList<string> MissingSettings(FunctionDefinition function) =>
        function.Method.IsStatic ? [] : _missing.GetOrAdd(function.Method.DeclaringType!, MissingSettings);

    private IReadOnlyList<string> MissingSettings(Type functionClass)
    {
        // The constructor the activator picks: the one with the most parameters (function classes have one).
        var constructor = functionClass.GetConstructors().MaxBy(c => c.GetParameters().Length);
        return constructor is null
            ? []
            : [.. constructor.GetParameters()
                .Where(p => !p.HasDefaultValue && !container.IsService(p.ParameterType))
                .Select(p => ControlPlaneHosting.SettingThatProvides(p.ParameterType))
                .Distinct()
                .Order(StringComparer.Ordinal)];
    }
}
