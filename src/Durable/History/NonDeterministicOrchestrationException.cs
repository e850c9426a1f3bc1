namespace Smo.Durable;

/// <summary>Replay found that the orchestrator's code no longer produces the actions its history recorded.</summary>
public sealed class NonDeterministicOrchestrationException(string message) : Exception(message);
