namespace Smo.Durable;

/// <summary>Untyped view of an activity, used by the worker.</summary>
public interface ITaskActivity
{
    Type InputType { get; }

    Task<object?> RunAsync(TaskActivityContext context, object? input);
}

/// <summary>
/// Base class for activities: the only place for I/O. Delivery is at-least-once, so an activity must be
/// idempotent; <see cref="TaskActivityContext.IdempotencyKey"/> is the same for every run of one scheduled call.
/// </summary>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    Type ITaskActivity.InputType => typeof(TInput);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input) =>
        await RunAsync(context, (TInput)input!);

    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);
}
