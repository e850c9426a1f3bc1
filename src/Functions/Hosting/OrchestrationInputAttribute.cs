namespace Smo.Functions.Hosting;

/// <summary>
/// The type an orchestrator function reads with <c>context.GetInput&lt;T&gt;()</c>. The Durable extension decodes the
/// input only when asked; the SDK's runner under Smo's host decodes it before the orchestrator runs, so it must know
/// the type. Without the attribute the input is handed over as a JSON element.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OrchestrationInputAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;
}
