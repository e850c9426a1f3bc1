namespace Smo.Durable.Storage;

/// <summary>
/// Fault injection for tests: called between the statements of a checkpoint with the name of the next step, so a
/// test can throw there and prove that nothing half-applied survives.
/// </summary>
public sealed class StoreFaults
{
    public Action<string>? BeforeCheckpointStep { get; set; }

    internal void Step(string name) => BeforeCheckpointStep?.Invoke(name);
}
