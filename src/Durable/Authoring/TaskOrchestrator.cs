namespace Smo.Durable;

/// <summary>Untyped view of an orchestrator, used by the replay engine.</summary>
public interface ITaskOrchestrator
{
    Type InputType { get; }

    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}

/// <summary>
/// Base class for orchestrators. <see cref="RunAsync"/> must be deterministic: await only tasks created by the
/// context (and <c>Task.WhenAll/WhenAny</c> over them); never use the clock, random GUIDs, <c>Task.Delay</c>,
/// <c>Task.Run</c>, I/O or <c>ConfigureAwait(false)</c>. Replay re-runs the code against recorded history.
/// </summary>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    Type ITaskOrchestrator.InputType => typeof(TInput);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input) =>
        await RunAsync(context, (TInput)input!);

    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);
}
