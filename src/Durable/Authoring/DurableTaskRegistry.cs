using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Smo.Durable;

/// <summary>Names the orchestrators and activities a worker can run.</summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> OrchestratorNames => _orchestrators.Keys;

    public IEnumerable<string> ActivityNames => _activities.Keys;

    public DurableTaskRegistry AddOrchestrator<TOrchestrator>() where TOrchestrator : class, ITaskOrchestrator =>
        AddOrchestrator(NameOf(typeof(TOrchestrator)), sp => ActivatorUtilities.CreateInstance<TOrchestrator>(sp));

    public DurableTaskRegistry AddOrchestratorFunc<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> run) =>
        AddOrchestrator(name, _ => new FuncOrchestrator<TInput, TOutput>(run));

    public DurableTaskRegistry AddActivity<TActivity>() where TActivity : class, ITaskActivity =>
        AddActivity(NameOf(typeof(TActivity)), sp => ActivatorUtilities.CreateInstance<TActivity>(sp));

    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> run) =>
        AddActivity(name, _ => new FuncActivity<TInput, TOutput>(run));

    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, TOutput> run) =>
        AddActivity(name, _ => new FuncActivity<TInput, TOutput>((context, input) => Task.FromResult(run(context, input))));

    public bool HasOrchestrator(string name) => _orchestrators.ContainsKey(name);

    public bool HasActivity(string name) => _activities.ContainsKey(name);

    internal ITaskOrchestrator? CreateOrchestrator(string name, IServiceProvider services) =>
        _orchestrators.TryGetValue(name, out var factory) ? factory(services) : null;

    internal ITaskActivity? CreateActivity(string name, IServiceProvider services) =>
        _activities.TryGetValue(name, out var factory) ? factory(services) : null;

    private DurableTaskRegistry AddOrchestrator(string name, Func<IServiceProvider, ITaskOrchestrator> factory)
    {
        ValidateName(name);
        if (!_orchestrators.TryAdd(name, factory))
        {
            throw new ArgumentException($"An orchestrator named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    private DurableTaskRegistry AddActivity(string name, Func<IServiceProvider, ITaskActivity> factory)
    {
        ValidateName(name);
        if (!_activities.TryAdd(name, factory))
        {
            throw new ArgumentException($"An activity named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    private static void ValidateName(string name) => ArgumentException.ThrowIfNullOrWhiteSpace(name);

    private static string NameOf(Type type) => type.GetCustomAttribute<DurableTaskAttribute>()?.Name ?? type.Name;

    private sealed class FuncOrchestrator<TInput, TOutput>(Func<TaskOrchestrationContext, TInput, Task<TOutput>> run)
        : TaskOrchestrator<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) => run(context, input);
    }

    private sealed class FuncActivity<TInput, TOutput>(Func<TaskActivityContext, TInput, Task<TOutput>> run)
        : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(context, input);
    }
}

/// <summary>Overrides the registration name of an orchestrator or activity class (default: the class name).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class DurableTaskAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
