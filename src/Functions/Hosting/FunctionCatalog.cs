using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Smo.Functions.Hosting;

/// <summary>
/// The app's functions, read from their <c>[Function]</c> definitions — the same the Functions SDK writes into
/// <c>functions.metadata</c> — so Smo's host keeps no second list of routes, schedules or durable names.
/// </summary>
public sealed class FunctionCatalog
{
    private readonly Dictionary<string, FunctionDefinition> _byName;

    private FunctionCatalog(IReadOnlyList<FunctionDefinition> functions)
    {
        Functions = functions;
        _byName = functions.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<FunctionDefinition> Functions { get; }

    public IEnumerable<FunctionDefinition> Http => Functions.Where(f => f.Trigger is HttpTriggerAttribute);

    public IEnumerable<FunctionDefinition> Timers => Functions.Where(f => f.Trigger is TimerTriggerAttribute);

    public IEnumerable<FunctionDefinition> Orchestrators => Functions.Where(f => f.Trigger is OrchestrationTriggerAttribute);

    public IEnumerable<FunctionDefinition> Activities => Functions.Where(f => f.Trigger is ActivityTriggerAttribute);

    /// <summary>The function of that name (as the Functions host names it, case-insensitively), or null.</summary>
    public FunctionDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Every <c>[Function]</c> of the assembly; throws, naming the function, when one cannot run under Smo's host.</summary>
    public static FunctionCatalog Of(Assembly assembly)
    {
        var functions = assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } || type is { IsAbstract: true, IsSealed: true })
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => method.GetCustomAttribute<FunctionAttribute>() is not null)
            .Select(FunctionDefinition.For)
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? new FunctionCatalog(functions)
            : throw new InvalidOperationException($"Two functions are named '{duplicate.Key}': {string.Join(", ", duplicate.Select(f => f.EntryPoint))}.");
    }
}
